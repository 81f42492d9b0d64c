package io.dpnet.ml;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.data.IdxDataset;
import io.dpnet.examples.IdxFrames;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Sequential;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models cross between the CLI and the Spark ML API in both directions. The CLI starts and stops
 * its own SparkContext and a JVM allows one at a time, so each test runs its session only
 * around the API half.
 */
class DenseNetCliRoundTripTest {
    private static final int CLASSES = 4;

    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 1500, 8, CLASSES, 21);
        SyntheticIdx.write(data, "t10k", 400, 8, CLASSES, 22);
    }

    private static Dataset<Row> idx(SparkSession spark, String split) throws Exception {
        return IdxFrames.features(spark, data.resolve(split + "-images-idx3-ubyte").toString(),
                data.resolve(split + "-labels-idx1-ubyte").toString(), CLASSES, Integer.MAX_VALUE);
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void aCliTrainedModelPredictsInTheApiExactlyAsTheCliEvaluatesIt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliRun train = run("train", "--out", out.toString(), "--progress", "none", "--set", "layers=64,24,4",
                "--set", "activations=relu,softmax", "--set", "epochs=2", "--set", "batchSize=50",
                "--set", "master=local[2]", "--set", "data.dir=" + data, "--set", "learningRate=0.005");
        assertThat(train.code()).as(train.err()).isZero();
        double cliAccuracy = json(out.resolve("eval.json")).get("accuracy").asDouble();

        SparkSession spark = MlTestSession.plain();
        try {
            // A run directory works as well as its model/ directory.
            DenseNetClassificationModel model = DenseNetClassificationModel.load(out.toString());
            assertThat(model.getLayers()).containsExactly(64, 24, 4);
            assertThat(model.getFeaturesCol()).isEqualTo("features");
            Dataset<Row> predicted = model.transform(idx(spark, "t10k"));
            assertThat(accuracy(predicted)).isEqualTo(cliAccuracy).isGreaterThan(0.9);

            // Row by row, the API's prediction is the engine's argmax on the same pixels.
            SavedModel saved = model.savedModel();
            Configuration hadoop = new Configuration();
            IdxDataset test = IdxDataset.open(hadoop, data.resolve("t10k-images-idx3-ubyte").toString(),
                    data.resolve("t10k-labels-idx1-ubyte").toString(), CLASSES);
            float[] x = new float[test.count() * test.features()];
            int[] y = new int[test.count()];
            test.read(hadoop, 0, test.count(), x, 0, y, 0);
            Sequential net = new Sequential(saved.spec());
            int[] expected = new int[test.count()];
            net.predict(saved.params(), x, 0, test.count(), expected, 0,
                    net.workspace(test.count(), Gemm.create("java")));
            List<Double> api = predicted.select("prediction").collectAsList().stream().map(r -> r.getDouble(0))
                    .toList();
            assertThat(api).hasSize(test.count());
            for (int i = 0; i < expected.length; i++) {
                assertThat(api.get(i)).as("row %d", i).isEqualTo(expected[i]);
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void anApiSavedModelIsEvaluatedByTheCliWithTheSameAccuracy(@TempDir Path tmp) throws Exception {
        Path modelDir = tmp.resolve("api-model");
        double apiAccuracy;
        SparkSession spark = MlTestSession.plain();
        try {
            DenseNetClassificationModel model = new DenseNetClassifier().setLayers(64, 24, CLASSES)
                    .setActivations("relu", "softmax").setEpochs(2).setBatchSize(50).setLearningRate(0.005)
                    .fit(idx(spark, "train"));
            apiAccuracy = accuracy(model.transform(idx(spark, "t10k")));
            model.write().save(modelDir.toString());
        } finally {
            spark.stop();
        }
        assertThat(apiAccuracy).isGreaterThan(0.9);

        Path report = tmp.resolve("eval.json");
        CliRun evaluate = run("evaluate", "--model", modelDir.toString(), "--data", data.toString(),
                "--out", report.toString(), "--master", "local[2]");
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(json(report).get("accuracy").asDouble()).isEqualTo(apiAccuracy);

        CliRun info = run("info", "--model", modelDir.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("1,660 parameters").contains("io.dpnet.ml.DenseNetClassifier");
    }
}
