package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DenseNetClassificationModel without training: its columns, and persistence both ways with the CLI format. */
class DenseNetModelTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = MlTestSession.plain();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** One softmax layer, 2 inputs → 3 classes: W (row-major inputs × outputs) then b. */
    private static final float[] W_B = {1f, -1f, 0.5f, 2f, 0f, -0.5f, 0.1f, 0.2f, 0.3f};

    private static SavedModel linearModel() {
        ModelSpec spec = ModelSpec.of(new int[] {2, 3}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        return SavedModel.builder(spec, W_B).trainingConfig(Map.of("epochs", "1")).build();
    }

    /** A two-layer model with seeded random weights (the CLI's own initialization). */
    private static SavedModel mlp() {
        ModelSpec spec = ModelSpec.of(new int[] {4, 6, 3}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        return SavedModel.builder(spec, new Sequential(spec).initParams(Init.HE, 7)).build();
    }

    private static Dataset<Row> features(List<Vector> vectors) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)));
        return spark.createDataFrame(vectors.stream().map(v -> RowFactory.create(v)).toList(), schema);
    }

    private static Dataset<Row> randomFeatures(int rows, int dims) {
        java.util.Random rng = new java.util.Random(5);
        List<Vector> vs = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] v = new double[dims];
            for (int j = 0; j < dims; j++) {
                v[j] = rng.nextGaussian();
            }
            vs.add(Vectors.dense(v));
        }
        return features(vs);
    }

    @Test
    void transformAddsLogitsTheirSoftmaxAndTheArgmax() {
        DenseNetClassificationModel model = new DenseNetClassificationModel("m1", linearModel());
        assertThat(model.numFeatures()).isEqualTo(2);
        assertThat(model.numClasses()).isEqualTo(3);
        // The same point dense and sparse, and a point whose logits favour class 1.
        List<Row> out = model.transform(features(List.of(Vectors.dense(1, 2), Vectors.sparse(2, new int[] {0, 1},
                new double[] {1, 2}), Vectors.sparse(2, new int[] {1}, new double[] {-3})))).collectAsList();
        assertThat(out).hasSize(3);
        // z = x·W + b for x = (1, 2): (1·1 + 2·2 + 0.1, 1·-1 + 2·0 + 0.2, 1·0.5 + 2·-0.5 + 0.3)
        double[] z = {5.1, -0.8, -0.2};
        double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
        for (Row r : out.subList(0, 2)) {
            double[] raw = ((Vector) r.getAs("rawPrediction")).toArray();
            double[] p = ((Vector) r.getAs("probability")).toArray();
            for (int c = 0; c < 3; c++) {
                assertThat(raw[c]).isCloseTo(z[c], within(1e-5));
                assertThat(p[c]).isCloseTo(Math.exp(z[c]) / sum, within(1e-6));
            }
            assertThat((double) r.getAs("prediction")).isEqualTo(0.0);
        }
        // x = (0, -3): z = (-6 + 0.1, 0 + 0.2, 1.5 + 0.3) → class 2.
        Row third = out.get(2);
        assertThat(((Vector) third.getAs("rawPrediction")).toArray()).containsExactly(
                new double[] {-5.9, 0.2, 1.8}, within(1e-5));
        assertThat((double) third.getAs("prediction")).isEqualTo(2.0);
    }

    @Test
    void probabilitiesSumToOneAndThePredictionIsTheirArgmax() {
        DenseNetClassificationModel model = new DenseNetClassificationModel("m2", mlp());
        List<Row> out = model.transform(randomFeatures(600, 4)).collectAsList();
        assertThat(out).hasSize(600);
        java.util.Set<Double> predicted = new java.util.HashSet<>();
        for (Row r : out) {
            double[] p = ((Vector) r.getAs("probability")).toArray();
            assertThat(p).hasSize(3);
            assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
            int argmax = 0;
            for (int c = 1; c < 3; c++) {
                argmax = p[c] > p[argmax] ? c : argmax;
            }
            double prediction = r.getAs("prediction");
            assertThat(prediction).isEqualTo(argmax);
            predicted.add(prediction);
        }
        assertThat(predicted).as("a random net still predicts more than one class").hasSizeGreaterThan(1);
    }

    @Test
    void saveWritesACliModelDirectoryAndLoadRestoresUidAndColumns(@TempDir Path tmp) throws Exception {
        SavedModel saved = mlp();
        DenseNetClassificationModel model = new DenseNetClassificationModel("dn_model_42", saved)
                .setPredictionCol("pred").setProbabilityCol("prob");
        String dir = tmp.resolve("model").toString();
        model.write().save(dir);

        // What `dpnet evaluate --model` reads.
        SavedModel cli = ModelIo.load(new Configuration(), dir);
        assertThat(cli.spec()).isEqualTo(saved.spec());
        assertThat(cli.params()).containsExactly(saved.params());
        assertThat(tmp.resolve("model/metadata/part-00000")).isRegularFile();

        DenseNetClassificationModel loaded = DenseNetClassificationModel.load(dir);
        assertThat(loaded.uid()).isEqualTo("dn_model_42");
        assertThat(loaded.getPredictionCol()).isEqualTo("pred");
        assertThat(loaded.getProbabilityCol()).isEqualTo("prob");
        assertThat(loaded.getFeaturesCol()).isEqualTo("features");
        Dataset<Row> data = randomFeatures(50, 4);
        assertThat(loaded.transform(data).select("pred", "prob").collectAsList())
                .isEqualTo(model.transform(data).select("pred", "prob").collectAsList());
    }

    @Test
    void saveRefusesAnExistingPathUnlessOverwriting(@TempDir Path tmp) throws Exception {
        String dir = tmp.resolve("model").toString();
        new DenseNetClassificationModel("first", linearModel()).write().save(dir);
        DenseNetClassificationModel second = new DenseNetClassificationModel("second", mlp());
        assertThatThrownBy(() -> second.write().save(dir))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("Path " + dir + " already exists. To overwrite it, please use "
                        + "write().overwrite().save(path).");
        assertThat(DenseNetClassificationModel.load(dir).uid()).isEqualTo("first");

        second.write().overwrite().save(dir);
        DenseNetClassificationModel loaded = DenseNetClassificationModel.load(dir);
        assertThat(loaded.uid()).isEqualTo("second");
        assertThat(loaded.numFeatures()).isEqualTo(4);
        // Nothing of the temporary directories is left next to the model.
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("model");
        }

        // Overwrite never deletes a directory that is not a model.
        Path unrelated = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(unrelated.resolve("cat.jpg"), "meow");
        assertThatThrownBy(() -> second.write().overwrite().save(unrelated.toString()))
                .hasMessage(unrelated + " exists but has no model.json; refusing to replace it");
        assertThat(unrelated.resolve("cat.jpg")).hasContent("meow");
    }

    @Test
    void loadsAModelDirectoryWrittenWithoutSparkMetadataWithDefaultColumns(@TempDir Path tmp) throws Exception {
        SavedModel saved = mlp();
        String dir = tmp.resolve("cli-model").toString();
        ModelIo.save(new Configuration(), dir, saved, false);  // what `dpnet train` writes

        DenseNetClassificationModel loaded = DenseNetClassificationModel.load(dir);
        assertThat(loaded.getFeaturesCol()).isEqualTo("features");
        assertThat(loaded.getPredictionCol()).isEqualTo("prediction");
        assertThat(loaded.getProbabilityCol()).isEqualTo("probability");
        assertThat(loaded.getRawPredictionCol()).isEqualTo("rawPrediction");
        assertThat(loaded.uid()).startsWith("denseNetClassificationModel_");
        Dataset<Row> data = randomFeatures(40, 4);
        assertThat(loaded.transform(data).select("prediction").collectAsList())
                .isEqualTo(new DenseNetClassificationModel("x", saved).transform(data).select("prediction")
                        .collectAsList());
    }

    @Test
    void wrongFeatureSizeFailsWithTheSizes() {
        DenseNetClassificationModel model = new DenseNetClassificationModel("m3", linearModel());
        assertThatThrownBy(() -> model.transform(features(List.of(Vectors.dense(1, 2, 3)))).collectAsList())
                .hasStackTraceContaining("a features vector has size 3 but the model takes 2 features");
    }
}
