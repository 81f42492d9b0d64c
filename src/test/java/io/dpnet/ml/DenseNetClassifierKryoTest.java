package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fit and transform in a session with dpnet's own Spark settings (Kryo with registration
 * required, as the CLI runs), the counterpart of DenseNetClassifierTest's plain session.
 */
class DenseNetClassifierKryoTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = MlTestSession.dpnet();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void fitsAndPredictsUnderKryoWithRegistrationRequired() {
        assertThat(spark.sparkContext().getConf().get("spark.serializer"))
                .isEqualTo("org.apache.spark.serializer.KryoSerializer");
        assertThat(spark.sparkContext().getConf().get("spark.kryo.registrationRequired")).isEqualTo("true");
        VectorAssembler assembler = new VectorAssembler().setInputCols(Blobs.columns(4)).setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
        Dataset<Row> train = Blobs.frame(spark, 800, 4, 3, 1);
        Dataset<Row> test = Blobs.frame(spark, 300, 4, 3, 2);
        DenseNetClassifier net = new DenseNetClassifier().setLayers(4, 16, 3).setActivations("relu", "softmax")
                .setEpochs(3).setBatchSize(32).setLearningRate(0.01).setKernel("java");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, net}).fit(train);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(test));
        assertThat(accuracy).isGreaterThan(0.97);
    }
}
