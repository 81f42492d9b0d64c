package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.model.ModelTask;
import io.dpnet.model.NumericColumn;
import io.dpnet.model.SavedModel;
import io.dpnet.model.TabularInput;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.TokenBagInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.SQLDataTypes;
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

/**
 * Block models (numeric vector + categorical ids + token bag) in Spark ML, on hand-built
 * networks so that every figure can be recomputed directly with {@link BlockNetwork}: transform
 * of the classification and regression models, Spark's evaluators on their output, persistence
 * (model directory and PipelineModel), and bad input naming the column and what was expected.
 */
class BlockModelTransformTest {
    private static final InputBlockSpec BLOCK = new InputBlockSpec(2, List.of(
            new CategoricalInput("cityId", 5, 3, OovPolicy.ERROR),
            new CategoricalInput("deviceId", 3, 2, OovPolicy.UNKNOWN_ID)),
            new TokenBagInput("tokenIds", 7, 4, Pooling.MEAN, -1, OovPolicy.ERROR));

    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static List<Object[]> raw;

    @BeforeAll
    static void start() {
        spark = MlTestSession.plain();
        Random r = new Random(5);
        raw = new ArrayList<>();
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int tokens = i % 5;  // includes empty bags
            int[] ids = new int[tokens + (i % 3 == 0 ? 1 : 0)];
            for (int k = 0; k < tokens; k++) {
                ids[k] = r.nextInt(7);
            }
            if (i % 3 == 0) {
                ids[tokens] = -1;  // a padding id among the tokens
            }
            // deviceId 3 is outside [0, 3): the UNKNOWN_ID row
            Object[] v = {Vectors.dense(r.nextGaussian(), r.nextGaussian()), (double) r.nextInt(5), r.nextInt(4),
                ids, (double) (i % 3 == 0 ? 1 : 0), r.nextGaussian()};
            raw.add(v);
            List<Integer> boxed = new ArrayList<>();
            for (int id : ids) {
                boxed.add(id);
            }
            list.add(RowFactory.create(v[0], v[1], v[2], boxed.toArray(new Integer[0]), v[4], v[5]));
        }
        rows = spark.createDataFrame(list, schema()).cache();
    }

    private static StructType schema() {
        return new StructType().add("features", SQLDataTypes.VectorType()).add("cityId", DataTypes.DoubleType)
                .add("deviceId", DataTypes.IntegerType)
                .add("tokenIds", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.DoubleType).add("target", DataTypes.DoubleType);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SavedModel model(boolean regression) {
        ModelSpec dense = regression
                ? ModelSpec.of(new int[] {BLOCK.width(), 6, 1}, List.of(Activation.RELU, Activation.LINEAR), LossKind.MSE)
                : ModelSpec.of(new int[] {BLOCK.width(), 6, 2}, List.of(Activation.RELU, Activation.SOFTMAX),
                        LossKind.CROSS_ENTROPY);
        Random r = new Random(regression ? 11 : 12);
        float[] params = new float[dense.paramCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (r.nextGaussian() * 0.5);
        }
        TabularInput tabular = new TabularInput(BLOCK, List.of(NumericColumn.raw("features_0"),
                NumericColumn.raw("features_1")), null, null);
        ModelTask task = regression ? ModelTask.regression("target", "", RegressionLoss.huber(1f))
                : ModelTask.classification("label", "", null);
        return SavedModel.builder(dense, params).block(tabular, task, EmbeddingTables.initialize(BLOCK, 3)).build();
    }

    /** The network's output-layer pre-activations for every test row, computed directly. */
    private static float[][] expectedLogits(SavedModel m) {
        int n = raw.size();
        float[] numeric = new float[n * 2];
        int[] city = new int[n];
        int[] device = new int[n];
        List<Integer> ids = new ArrayList<>();
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            Object[] v = raw.get(i);
            double[] f = ((Vector) v[0]).toArray();
            numeric[2 * i] = (float) f[0];
            numeric[2 * i + 1] = (float) f[1];
            city[i] = (int) (double) (Double) v[1];
            device[i] = (Integer) v[2];
            for (int id : (int[]) v[3]) {
                ids.add(id);
            }
            offsets[i + 1] = ids.size();
        }
        InputRows in = InputRows.builder(BLOCK, n).numeric(numeric).categorical(city, device)
                .bags(offsets, ids.stream().mapToInt(Integer::intValue).toArray()).build();
        BlockNetwork net = new BlockNetwork(BLOCK, m.spec());
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {  // one row at a time, as transform scores
            BlockNetworkWorkspace ws = net.workspace(1, Gemm.create("java"));
            net.forward(new BlockParams(m.params(), m.tables()), in.batch(i, 1), ws);
            out[i] = java.util.Arrays.copyOf(ws.dense().logits(), m.spec().outputSize());
        }
        return out;
    }

    @Test
    void classificationModelScoresEveryColumnOfTheBlockAndEvaluatorsReadIt() {
        SavedModel saved = model(false);
        DenseNetClassificationModel model = new DenseNetClassificationModel("blockCls", saved);
        assertThat(model.inputBlock()).isEqualTo(BLOCK);
        assertThat(model.numFeatures()).isEqualTo(2);
        Dataset<Row> out = model.transform(rows);
        assertThat(out.columns()).containsExactly("features", "cityId", "deviceId", "tokenIds", "label", "target",
                "rawPrediction", "probability", "prediction");
        List<Row> scored = out.collectAsList();
        float[][] expected = expectedLogits(saved);
        for (int i = 0; i < scored.size(); i++) {
            double[] rawPrediction = ((Vector) scored.get(i).getAs("rawPrediction")).toArray();
            double[] p = ((Vector) scored.get(i).getAs("probability")).toArray();
            assertThat(rawPrediction[0]).isCloseTo(expected[i][0], within(1e-5));
            assertThat(rawPrediction[1]).isCloseTo(expected[i][1], within(1e-5));
            assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9));
            assertThat((double) scored.get(i).getAs("prediction")).isEqualTo(p[1] > p[0] ? 1.0 : 0.0);
        }
        double auc = new BinaryClassificationEvaluator().evaluate(out);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(out);
        assertThat(auc).isBetween(0.0, 1.0);
        assertThat(accuracy).isBetween(0.0, 1.0);
    }

    @Test
    void regressionModelPredictsTheLinearOutputForRegressionEvaluator() {
        SavedModel saved = model(true);
        DenseNetRegressionModel model = new DenseNetRegressionModel("blockReg", saved);
        List<Row> scored = model.transform(rows).select("target", "prediction").collectAsList();
        float[][] expected = expectedLogits(saved);
        double sq = 0;
        for (int i = 0; i < scored.size(); i++) {
            double prediction = scored.get(i).getDouble(1);
            assertThat(prediction).isCloseTo(expected[i][0], within(1e-5));
            double e = prediction - scored.get(i).getDouble(0);
            sq += e * e;
        }
        double rmse = new RegressionEvaluator().setLabelCol("target").setMetricName("rmse")
                .evaluate(model.transform(rows));
        assertThat(rmse).isCloseTo(Math.sqrt(sq / scored.size()), within(1e-9));
    }

    @Test
    void blockModelsSaveAsDpnetModelDirectoriesAndInsidePipelineModels(@TempDir Path tmp) throws Exception {
        DenseNetRegressionModel reg = new DenseNetRegressionModel("blockReg2", model(true))
                .setPredictionCol("spend");
        String dir = tmp.resolve("reg").toString();
        reg.write().save(dir);
        assertThat(tmp.resolve("reg/model.json")).isRegularFile();
        DenseNetRegressionModel loaded = DenseNetRegressionModel.load(dir);
        assertThat(loaded.uid()).isEqualTo("blockReg2");
        assertThat(loaded.getPredictionCol()).isEqualTo("spend");
        assertThat(loaded.inputBlock()).isEqualTo(BLOCK);
        assertThat(loaded.transform(rows).select("spend").collectAsList())
                .isEqualTo(reg.transform(rows).select("spend").collectAsList());
        assertThatThrownBy(() -> DenseNetClassificationModel.load(dir))
                .hasMessageContaining("holds a " + DenseNetRegressionModel.class.getName());

        DenseNetClassificationModel cls = new DenseNetClassificationModel("blockCls2", model(false));
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {cls}).fit(rows);
        String pdir = tmp.resolve("pipeline").toString();
        pipeline.write().save(pdir);
        PipelineModel back = PipelineModel.load(pdir);
        assertThat(back.stages()[0]).isInstanceOf(DenseNetClassificationModel.class);
        assertThat(back.transform(rows).select("probability").collectAsList())
                .isEqualTo(pipeline.transform(rows).select("probability").collectAsList());
    }

    @Test
    void badInputNamesTheColumnAndWhatWasExpected() {
        DenseNetClassificationModel model = new DenseNetClassificationModel("blockCls3", model(false));
        assertThatThrownBy(() -> model.transform(rows.drop("cityId")))
                .hasMessageStartingWith("column 'cityId' (categoricalCols) is not in the DataFrame; expected integer "
                        + "category ids (e.g. a StringIndexer output). Its columns are [features, deviceId, tokenIds,");
        assertThatThrownBy(() -> model.transform(rows.withColumn("tokenIds", org.apache.spark.sql.functions.lit("x"))))
                .hasMessage("column 'tokenIds' (tokensCol) has type string; expected an array of integer token ids "
                        + "(array<int>, or array<double> holding integers)");
        assertThatThrownBy(() -> model.transform(rows.withColumn("cityId",
                org.apache.spark.sql.functions.lit(5.0))).collectAsList())
                .hasStackTraceContaining("column 'cityId' holds the id 5.0; expected an integer id in [0, 5)");
        assertThatThrownBy(() -> model.transform(rows.withColumn("cityId",
                org.apache.spark.sql.functions.lit(1.5))).collectAsList())
                .hasStackTraceContaining("column 'cityId' holds the id 1.5; expected an integer id in [0, 5)");
        assertThatThrownBy(() -> model.transform(rows.withColumn("tokenIds",
                org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit(7)))).collectAsList())
                .hasStackTraceContaining("column 'tokenIds' holds the id 7; expected an integer id in [0, 7) or the "
                        + "padding id -1");
        assertThatThrownBy(() -> model.transform(rows.withColumn("features",
                org.apache.spark.ml.functions.array_to_vector(org.apache.spark.sql.functions.array(
                        org.apache.spark.sql.functions.lit(1.0))))).collectAsList())
                .hasStackTraceContaining("column 'features' holds a vector of size 1; expected a vector of 2 numeric "
                        + "features");
    }
}
