package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.examples.ExampleTables;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.OovPolicy;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimators' input-block params on small generated tables: sizes from StringIndexer
 * metadata, CrossValidator + RegressionEvaluator over DenseNetRegressor, sample and class
 * weights changing what is learned, and bad columns failing before training with the column
 * named.
 */
class BlockEstimatorTest {
    private static SparkSession spark;
    private static Dataset<Row> shop;

    @BeforeAll
    static void start() {
        spark = BlockExamplesTest.kryoSession();
        Dataset<Row> raw = ExampleTables.shop(spark, 600, 3);
        StringIndexerModel index = new StringIndexer().setInputCols(new String[] {"city", "device"})
                .setOutputCols(new String[] {"cityId", "deviceId"}).fit(raw);
        shop = new VectorAssembler().setInputCols(new String[] {"x0", "x1"}).setOutputCol("features")
                .transform(index.transform(raw)).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static DenseNetRegressor regressor() {
        return new DenseNetRegressor().setCategoricalCols("cityId").setEmbeddingDim(4).setLabelCol("spend")
                .setLayers(6, 16, 1).setActivations("relu", "linear").setBatchSize(32).setEpochs(2)
                .setLearningRate(0.01).setKernel("java");
    }

    @Test
    void sizesComeFromStringIndexerMetadataElseFromCategoricalSizes() {
        BlockInputs in = BlockInputs.resolve(new BlockInputs.Request(shop, regressor(), "features", false));
        long cities = shop.select("city").distinct().count();
        assertThat(in.spec().categoricals()).containsExactly(
                new CategoricalInput("cityId", (int) cities, 4, OovPolicy.ERROR));
        assertThat(in.spec().numericCount()).isEqualTo(2);

        Dataset<Row> bare = shop.withColumn("cityId", functions.col("cityId").cast("int"));  // drops the metadata
        assertThatThrownBy(() -> BlockInputs.resolve(new BlockInputs.Request(bare, regressor(), "features", false)))
                .hasMessage("column 'cityId' (categoricalCols) has no ML attribute metadata giving its number of "
                        + "categories (StringIndexer writes it), so categoricalSizes needs a size > 0 for it");
        BlockInputs sized = BlockInputs.resolve(new BlockInputs.Request(bare,
                regressor().setCategoricalSizes(50).setHandleInvalid("keep"), "features", false));
        assertThat(sized.spec().categoricals()).containsExactly(
                new CategoricalInput("cityId", 50, 4, OovPolicy.UNKNOWN_ID));
    }

    @Test
    void crossValidatorTunesTheRegressorByRegressionEvaluator() {
        DenseNetRegressor net = regressor();
        ParamMap[] grid = new ParamGridBuilder().addGrid(net.learningRate(), new double[] {1e-5, 0.02}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(net).setEstimatorParamMaps(grid)
                .setEvaluator(new RegressionEvaluator().setLabelCol("spend").setMetricName("rmse"))
                .setNumFolds(2).setSeed(3).fit(shop);
        double[] rmse = cv.avgMetrics();
        assertThat(rmse).hasSize(2);
        // 1e-5 barely moves the init in two epochs; 0.02 fits much of the rule.
        assertThat(rmse[1]).isLessThan(rmse[0] * 0.8);
        DenseNetRegressionModel best = (DenseNetRegressionModel) cv.bestModel();
        assertThat(best.trainingConfig()).containsEntry("learningRate", "0.02");
    }

    @Test
    void sampleAndClassWeightsChangeWhatIsLearned() {
        DenseNetClassifier net = new DenseNetClassifier().setCategoricalCols("cityId", "deviceId").setEmbeddingDim(2)
                .setLabelCol("clicked").setLayers(6, 8, 2).setActivations("relu", "softmax").setBatchSize(32)
                .setEpochs(2).setLearningRate(0.02).setKernel("java");
        // Rows of class 1 weigh nothing: the model learns that class 0 is all there is.
        Dataset<Row> weighted = shop.withColumn("w", functions.when(functions.col("clicked").equalTo(1), 0.0)
                .otherwise(1.0));
        double predictedOnes = net.copy(ParamMap.empty()).setWeightCol("w").fit(weighted).transform(shop)
                .agg(functions.sum("prediction")).first().getDouble(0);
        assertThat(predictedOnes).isZero();
        // Class weights (0, 1): the opposite, nearly everywhere (16 of 600 rows stayed 0 in one run
        // here), although class 1 is a minority of the labels.
        long rows = shop.count();
        long labelledOnes = shop.filter("clicked = 1").count();
        long predictedZeros = net.copy(ParamMap.empty()).setClassWeights(0, 1).fit(shop).transform(shop)
                .filter("prediction = 0").count();
        assertThat(labelledOnes).isLessThan(rows * 6 / 10);
        assertThat(predictedZeros).isLessThan(rows / 10);
    }

    @Test
    void badColumnsFailBeforeTrainingNamingTheColumn() {
        assertThatThrownBy(() -> regressor().setCategoricalCols("town").fit(shop))
                .hasMessageStartingWith("column 'town' (categoricalCols) is not in the DataFrame; expected integer "
                        + "category ids (e.g. a StringIndexer output). Its columns are [city, device, x0,");
        assertThatThrownBy(() -> regressor().setCategoricalCols("city").fit(shop))
                .hasMessage("column 'city' (categoricalCols) has type string; expected integer category ids (e.g. a "
                        + "StringIndexer output)");
        assertThatThrownBy(() -> regressor().setWeightCol("device").fit(shop))
                .hasMessage("column 'device' (weightCol) has type string; expected numeric sample weights (finite, "
                        + ">= 0)");
        assertThatThrownBy(() -> regressor().setLayers(5, 16, 1).fit(shop))
                .hasMessageEndingWith("layers starts with an input size of 5 but the input block gives 6 (2 numeric | "
                        + "cityId: " + shop.select("city").distinct().count() + " ids × 4 (oov: error) → 6 inputs); "
                        + "make the first entry of layers 6");
        assertThatThrownBy(() -> regressor().setLoss("cross_entropy").fit(shop))
                .hasMessage("DenseNetRegressor: loss must be mse or huber, got 'cross_entropy'");
        Dataset<Row> outside = shop.withColumn("cityId", functions.lit(99.0).as("cityId",
                shop.schema().apply("cityId").metadata()));
        assertThatThrownBy(() -> regressor().fit(outside)).hasStackTraceContaining("cityId")
                .hasStackTraceContaining("99");
        assertThat(List.of(regressor().explainParams().split("\n"))).anyMatch(l -> l.startsWith("categoricalCols:"));
    }
}
