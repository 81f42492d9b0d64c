package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ML persistence on a real HDFS (an in-process MiniDFSCluster): a model and a PipelineModel saved
 * to {@code hdfs://} URIs load back, and the model directory is one {@code ModelIo} (the CLI)
 * reads there.
 */
@Tag("hdfs")
class DenseNetHdfsTest {
    @TempDir
    static java.nio.file.Path base;

    private static MiniDFSCluster cluster;
    private static String hdfs;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MiniDFSCluster.Builder(new Configuration(), base.resolve("dfs").toFile()).numDataNodes(1)
                .build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        spark = MlTestSession.plain();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (spark != null) {
                spark.stop();
            }
            if (hdfs != null) {
                FileSystem.get(URI.create(hdfs), new Configuration()).close();
            }
        } finally {
            if (cluster != null) {
                cluster.shutdown();
            }
        }
    }

    @Test
    void modelsAndPipelinesSaveToAndLoadFromHdfs() throws Exception {
        VectorAssembler assembler = new VectorAssembler().setInputCols(Blobs.columns(3)).setOutputCol("features");
        Dataset<Row> data = Blobs.frame(spark, 300, 3, 2, 4);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, new DenseNetClassifier()
                .setLayers(3, 8, 2).setActivations("relu", "softmax").setEpochs(1).setBatchSize(50)}).fit(data);
        DenseNetClassificationModel model = (DenseNetClassificationModel) fitted.stages()[1];

        String modelDir = hdfs + "/models/blobs";
        model.write().save(modelDir);
        model.write().overwrite().save(modelDir);  // replacing works on HDFS too
        SavedModel cli = ModelIo.load(new Configuration(), modelDir);
        assertThat(cli.params()).containsExactly(model.savedModel().params());
        DenseNetClassificationModel loaded = DenseNetClassificationModel.load(modelDir);
        assertThat(loaded.uid()).isEqualTo(model.uid());
        FileSystem fs = FileSystem.get(URI.create(hdfs), new Configuration());
        assertThat(fs.listStatus(new Path(hdfs + "/models"))).hasSize(1);  // no temporary directories left

        String pipelineDir = hdfs + "/pipelines/blobs";
        fitted.write().save(pipelineDir);
        PipelineModel reloaded = PipelineModel.load(pipelineDir);
        assertThat(reloaded.transform(data).select("prediction").collectAsList())
                .isEqualTo(fitted.transform(data).select("prediction").collectAsList());
    }
}
