package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DenseNetClassifier trained on a DataFrame in a plain SparkSession (Java serialization, as most
 * Spark users run), composed with VectorAssembler, StandardScaler, Pipeline, CrossValidator and
 * MulticlassClassificationEvaluator, and persisted.
 */
class DenseNetClassifierTest {
    private static final int DIMS = 6;
    private static final int CLASSES = 3;

    private static SparkSession spark;
    private static Dataset<Row> train;
    private static Dataset<Row> test;

    @BeforeAll
    static void start() {
        spark = MlTestSession.plain();
        train = Blobs.frame(spark, 1200, DIMS, CLASSES, 1).cache();
        test = Blobs.frame(spark, 400, DIMS, CLASSES, 2).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static VectorAssembler assembler() {
        return new VectorAssembler().setInputCols(Blobs.columns(DIMS)).setOutputCol("raw");
    }

    private static StandardScaler scaler() {
        return new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
    }

    /** A small fast net for the blobs: 2 epochs of Adam reach ~100%. */
    private static DenseNetClassifier net() {
        return new DenseNetClassifier().setLayers(DIMS, 16, CLASSES).setActivations("relu", "softmax")
                .setEpochs(2).setBatchSize(32).setLearningRate(0.01).setKernel("java");
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void pipelineOfAssemblerScalerAndClassifierLearnsTheBlobs() {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler(), scaler(), net()}).fit(train);
        Dataset<Row> out = fitted.transform(test);
        assertThat(accuracy(out)).isGreaterThan(0.97);

        List<Row> rows = out.select("label", "rawPrediction", "probability", "prediction").collectAsList();
        assertThat(rows).hasSize(400);
        for (Row r : rows) {
            double[] p = ((Vector) r.getAs("probability")).toArray();
            double[] raw = ((Vector) r.getAs("rawPrediction")).toArray();
            assertThat(p).hasSize(CLASSES);
            assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
            int argmax = 0;
            int rawArgmax = 0;
            for (int c = 1; c < CLASSES; c++) {
                argmax = p[c] > p[argmax] ? c : argmax;
                rawArgmax = raw[c] > raw[rawArgmax] ? c : rawArgmax;
            }
            assertThat((double) r.getAs("prediction")).isEqualTo(argmax).isEqualTo(rawArgmax);
        }

        DenseNetClassificationModel model = (DenseNetClassificationModel) fitted.stages()[2];
        assertThat(model.numFeatures()).isEqualTo(DIMS);
        assertThat(model.numClasses()).isEqualTo(CLASSES);
        // Trained by the CLI's trainer, with the config the CLI would record.
        assertThat(model.trainingConfig()).containsEntry("layers", "6,16,3").containsEntry("epochs", "2")
                .containsEntry("partitions", "2").containsEntry("master", "local[2]")
                .doesNotContainKey("data.dir");
        assertThat(model.trainingMetrics()).containsEntry("epochs", 2L).containsEntry("trainingRows", 1200L)
                .containsEntry("steps", 2L * (1200 / 32 + 1));
        assertThat((Double) model.trainingMetrics().get("trainAccuracy")).isGreaterThan(0.9);
    }

    @Test
    void trainingIsSeededAndReproducible() {
        Dataset<Row> features = assembler().setOutputCol("features").transform(train);
        DenseNetClassifier net = net().setEpochs(1).setLearningRate(0.001);
        float[] a = net.fit(features).savedModel().params();
        float[] b = net.copy(ParamMap.empty()).fit(features).savedModel().params();
        float[] c = net.copy(ParamMap.empty()).setSeed(7).fit(features).savedModel().params();
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void crossValidatorPicksALearningRateByEvaluatorAccuracy() {
        Dataset<Row> features = scaler().fit(assembler().transform(train)).transform(assembler().transform(train));
        DenseNetClassifier net = net().setEpochs(3);
        ParamMap[] grid = new ParamGridBuilder().addGrid(net.learningRate(), new double[] {1e-5, 0.03}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(net).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(3).fit(features);
        double[] metrics = cv.avgMetrics();
        assertThat(metrics).hasSize(2);
        // At 1e-5 three epochs barely move the random init; 0.03 separates the blobs.
        assertThat(metrics[1]).isGreaterThan(0.95).isGreaterThan(metrics[0] + 0.1);
        DenseNetClassificationModel best = (DenseNetClassificationModel) cv.bestModel();
        assertThat(best.trainingConfig()).containsEntry("learningRate", "0.03");
        assertThat(best.parent()).isInstanceOf(DenseNetClassifier.class);
    }

    @Test
    void pipelineModelSavesAndLoadsWithTheClassifierInside(@TempDir Path tmp) throws Exception {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler(), scaler(),
                net().setPredictionCol("cls")}).fit(train);
        String dir = tmp.resolve("pipeline").toString();
        fitted.write().save(dir);

        PipelineModel loaded = PipelineModel.load(dir);
        Transformer stage = loaded.stages()[2];
        assertThat(stage).isInstanceOf(DenseNetClassificationModel.class);
        assertThat(stage.uid()).isEqualTo(fitted.stages()[2].uid());
        assertThat(((DenseNetClassificationModel) stage).getPredictionCol()).isEqualTo("cls");
        assertThat(loaded.transform(test).select("cls", "probability").collectAsList())
                .isEqualTo(fitted.transform(test).select("cls", "probability").collectAsList());

        // The classifier's stage directory is a dpnet model directory the CLI can load.
        Path stageDir;
        try (var stages = Files.list(tmp.resolve("pipeline/stages"))) {
            stageDir = stages.filter(p -> p.getFileName().toString().startsWith("2_")).findFirst().orElseThrow();
        }
        SavedModel cli = ModelIo.load(new Configuration(), stageDir.toString());
        assertThat(cli.params()).containsExactly(((DenseNetClassificationModel) fitted.stages()[2]).savedModel()
                .params());
    }

    @Test
    void estimatorAndUnfittedPipelineSaveAndLoadTheirParams(@TempDir Path tmp) throws Exception {
        DenseNetClassifier net = new DenseNetClassifier("dnc_1").setLayers(DIMS, 8, 8, CLASSES)
                .setActivations("tanh", "leaky_relu(0.1)", "softmax").setOptimizer("momentum").setMomentum(0.8)
                .setNesterov(true).setLearningRate(0.05).setLrSchedule("step").setLrGamma(0.5).setEpochs(3)
                .setBatchSize(16).setSeed(9).setDropout(0.1, 0.2).setWeightDecay(1e-4).setLabelCol("y");
        String dir = tmp.resolve("estimator").toString();
        net.write().save(dir);
        DenseNetClassifier loaded = DenseNetClassifier.load(dir);
        assertThat(loaded.uid()).isEqualTo("dnc_1");
        assertThat(loaded.getLayers()).containsExactly(DIMS, 8, 8, CLASSES);
        assertThat(loaded.getActivations()).containsExactly("tanh", "leaky_relu(0.1)", "softmax");
        assertThat(loaded.getLabelCol()).isEqualTo("y");
        assertThat(loaded.trainConfig().asMap()).isEqualTo(net.trainConfig().asMap());
        assertThat(loaded.trainConfig().asMap()).containsEntry("optimizer", "momentum")
                .containsEntry("lr.schedule", "step").containsEntry("dropout", "0.1,0.2")
                .containsEntry("nesterov", "true").containsEntry("seed", "9");

        String pipelineDir = tmp.resolve("pipeline").toString();
        new Pipeline().setStages(new PipelineStage[] {assembler(), net}).write().save(pipelineDir);
        PipelineStage stage = Pipeline.load(pipelineDir).getStages()[1];
        assertThat(((DenseNetClassifier) stage).trainConfig().asMap()).isEqualTo(net.trainConfig().asMap());
    }

    @Test
    void defaultsAreTheMnistJob() {
        var config = new DenseNetClassifier().trainConfig().asMap();
        assertThat(config).containsEntry("layers", "784,256,256,10").containsEntry("activations", "relu,relu,softmax")
                .containsEntry("optimizer", "adam").containsEntry("learningRate", "0.001")
                .containsEntry("lr.schedule", "cosine").containsEntry("batchSize", "128")
                .containsEntry("epochs", "8").containsEntry("seed", "42")
                .containsEntry("sync", "sync").containsEntry("lr.scaling", "none");
        // Local SGD and rate scaling are params like the rest, checked by the CLI's config code.
        var local = new DenseNetClassifier().setSync("average").setSyncLocalSteps(16).setBatchSize(256)
                .setLrScaling("linear").setLrReferenceBatch(128).trainConfig();
        assertThat(local.localSteps()).isEqualTo(16);
        assertThat(local.asMap()).containsEntry("sync", "average").containsEntry("lr.scaling", "linear");
        assertThatThrownBy(() -> new DenseNetClassifier().setSyncLocalSteps(4).trainConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncLocalSteps=4 needs sync=average");
        // Post-local SGD is a param too, named as users set it in errors.
        assertThat(new DenseNetClassifier().setSync("average").setSyncLocalSteps(16).setSyncLocalAfterEpochs(2)
                .trainConfig().plan().localAfterEpochs()).isEqualTo(2);
        assertThatThrownBy(() -> new DenseNetClassifier().setSyncLocalAfterEpochs(1).trainConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncLocalAfterEpochs=1 needs sync=average");
        // Spark finds every param (by reflection) with its config key's documentation.
        assertThat(new DenseNetClassifier().explainParams())
                .contains("lrSchedule: Learning-rate schedule: constant, step (x lr.gamma every lr.stepEpochs) or cosine "
                        + "(down to lr.minRate). (config key lr.schedule)")
                .contains("layers: Layer widths, input first.");
    }

    @Test
    void anEmptyDataFrameIsRejected() {
        Dataset<Row> empty = assembler().setOutputCol("features").transform(train).limit(0);
        // With the assembler's size metadata, and without it (then the size comes from a first row).
        Dataset<Row> bare = empty.select(org.apache.spark.sql.functions.col("features")
                .as("features", org.apache.spark.sql.types.Metadata.empty()), empty.col("label"));
        DenseNetClassifier net = net();
        for (Dataset<Row> frame : List.of(empty, bare)) {
            assertThatThrownBy(() -> net.fit(frame))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(net.uid() + ": no rows");
        }
    }

    @Test
    void anInputLayerThatDoesNotMatchTheVectorsIsRejectedBeforeTraining() {
        Dataset<Row> features = assembler().setOutputCol("features").transform(train);
        DenseNetClassifier net = new DenseNetClassifier("dnc_in").setLayers(4, 3).setActivations("softmax");
        assertThatThrownBy(() -> net.fit(features))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dnc_in: layers starts with an input size of 4 but column 'features' holds vectors of "
                        + "size 6; make the first entry of layers 6");
    }

    @Test
    void aLabelOutsideTheClassesNamesTheRow() {
        Dataset<Row> features = assembler().setOutputCol("features").transform(train);
        // The blobs have labels 0..2; a 2-class net cannot take label 2.
        int firstTwo = features.select("label").collectAsList().stream().map(r -> r.getDouble(0)).toList().indexOf(2.0);
        DenseNetClassifier net = new DenseNetClassifier("dnc_lbl").setLayers(DIMS, 2).setActivations("softmax")
                .setPartitions(1);  // one shard: the first bad row is the one reported (with two, either may be)
        assertThatThrownBy(() -> net.fit(features))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dnc_lbl: row " + firstTwo + ": label 2.0 is not an integer class in 0..1");
    }

    @Test
    void invalidParamCombinationsFailWithTheParamNames() {
        assertThatThrownBy(() -> new DenseNetClassifier().setLayers(DIMS, 8, CLASSES).setActivations("softmax")
                .trainConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DenseNetClassifier: layers/activations/loss: 3 layer sizes make 2 dense layers, but 1 "
                        + "activations were given");
        assertThatThrownBy(() -> new DenseNetClassifier().setLrSchedule("exponential").trainConfig())
                .hasMessageStartingWith("DenseNetClassifier: ").hasMessageContaining("lrSchedule")
                .hasMessageNotContaining("lr.schedule");
        // Pipeline.fit checks every stage's schema first, so a bad stage fails before any fitting.
        DenseNetClassifier bad = net().setBatchSize(0);
        assertThatThrownBy(() -> new Pipeline().setStages(new PipelineStage[] {assembler(), scaler(), bad}).fit(train))
                .hasMessage("DenseNetClassifier: batchSize must be a positive integer, got 0");
    }
}
