package io.dpnet.run;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TabularConfig;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.TabularColumns;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.eval.RegressionReport;
import io.dpnet.model.ModelIo;
import io.dpnet.model.ModelTask;
import io.dpnet.model.SavedModel;
import io.dpnet.model.TabularInput;
import io.dpnet.nn.Objective;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.input.TabularEncode;
import io.dpnet.spark.input.TabularFit;
import io.dpnet.spark.input.TabularFrames;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.spark.score.BlockScorer;
import io.dpnet.spark.train.BlockTrainRequest;
import io.dpnet.spark.train.BlockTrainResult;
import io.dpnet.spark.train.BlockTrainer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The CLI's {@code train} for tabular inputs (a config with {@code data.numericCols},
 * {@code data.categoricalCols} or {@code data.tokensCol}): reads the CSV/Parquet training set,
 * fits the input description on it (vocabularies, standardization), resolves {@code layers=auto,…}
 * to the block's width, trains the block network synchronously ({@link BlockTrainer}), evaluates
 * on the test set and writes {@code model/} (model.json v2), {@code metrics.jsonl} and
 * {@code eval.json} into the run directory.
 */
public final class TabularRun {
    /** A finished run: the config as run (layers resolved), the model, the test evaluation summary. */
    public record Outcome(TrainConfig config, SavedModel model, EpochMetrics last, String testSummary,
                          String modelDir) {
    }

    /** What the run tells its caller as it goes. */
    public interface Progress {
        void fitted(TabularInput input, String master, int partitions, double seconds);
    }

    private TabularRun() {
    }

    public static Outcome intoDirectory(JavaSparkContext sc, Configuration hadoop, TrainConfig config, String out,
                                        TrainingListener listener, Progress progress) throws Exception {
        TabularConfig tab = config.tabular();
        TabularColumns cols = tab.columns();
        SparkSession spark = InputReader.session(sc);
        String trainPath = config.data().train();
        String testPath = config.data().test();
        String delimiter = config.asMap().get("data.csv.delimiter");
        long t0 = System.nanoTime();
        Dataset<Row> train = TabularFrames.read(spark, config.dataFormat(), trainPath, delimiter);
        int classes = tab.regression() ? 0 : config.modelSpec().outputSize();
        TabularFit.Fitted fitted = TabularFit.fit(train, tab, classes, trainPath);
        TabularInput input = fitted.input();
        config = withInputWidth(config, input);
        config = TrainRun.resolvePartitions(sc, config);

        TabularShards.Builder shards = TabularShards.fromDataFrame(
                        TabularEncode.encode(train, input, cols.label(), cols.weight(), trainPath))
                .columns(cols).inputs(input.block()).partitions(config.partitions()).name(trainPath);
        TabularShards trainShards = (tab.regression() ? shards.regression() : shards.classes(classes)).build();
        progress.fitted(input, sc.master(), trainShards.partitions(), (System.nanoTime() - t0) / 1e9);

        Objective objective = tab.regression() ? Objective.regression(tab.regressionLoss())
                : Objective.classification(fitted.classWeights());
        ModelTask task = tab.regression() ? ModelTask.regression(cols.label(), cols.weight(), tab.regressionLoss())
                : ModelTask.classification(cols.label(), cols.weight(), fitted.classWeights());
        MetricsLog metrics = new MetricsLog(hadoop, new Path(out, "metrics.jsonl").toString(), List.of());
        BlockTrainResult result;
        try {
            result = new BlockTrainer(sc).train(BlockTrainRequest.of(trainShards, input.block(), config.plan(),
                    objective).withListener(TrainingListener.both(listener, metrics)));
        } finally {
            trainShards.release();
        }

        String modelDir = new Path(out, "model").toString();
        SavedModel unevaluated = model(sc, config, result, input, task, Map.of());
        Dataset<Row> test = TabularEncode.encode(TabularFrames.read(spark, config.dataFormat(), testPath, delimiter),
                input, cols.label(), null, testPath);
        BlockScorer.Evaluation eval = BlockScorer.evaluate(sc, test, unevaluated, config.kernel(), config.treeDepth(),
                testPath);
        Map<String, Object> testMetrics = new LinkedHashMap<>();
        String summary = writeEvaluation(hadoop, new Path(out, "eval.json").toString(), eval, modelDir, testPath, true,
                testMetrics);
        SavedModel saved = model(sc, config, result, input, task, testMetrics);
        ModelIo.save(hadoop, modelDir, saved, true);
        return new Outcome(config, saved, result.last(), summary, modelDir);
    }

    /** {@code layers=auto,…} becomes the block's width; an explicit first width must equal it. */
    static TrainConfig withInputWidth(TrainConfig config, TabularInput input) {
        int width = input.block().width();
        String layers = config.asMap().get("layers");
        if (config.tabular().autoInputWidth()) {
            return config.with("layers=" + width + layers.substring(layers.indexOf(',')));
        }
        if (config.modelSpec().inputSize() != width) {
            throw new ConfigException("layers starts with " + config.modelSpec().inputSize() + " but the input block "
                    + "produces " + width + " inputs (" + input.block() + "); start layers with auto");
        }
        return config;
    }

    /**
     * Writes {@code eval.json} (classification: {@link EvaluationReport}; regression:
     * {@link RegressionReport}), puts the test figures into {@code metrics} and returns a one-line summary.
     */
    public static String writeEvaluation(Configuration hadoop, String path, BlockScorer.Evaluation eval,
                                         String modelDir, String dataPath, boolean overwrite,
                                         Map<String, Object> metrics) throws java.io.IOException {
        if (eval.regression() != null) {
            RegressionReport r = new RegressionReport(eval.regression(), modelDir, dataPath);
            RegressionReport.writeJson(hadoop, path, r, overwrite);
            TrainingRecord.putFinite(metrics, "testRmse", r.rmse());
            TrainingRecord.putFinite(metrics, "testMae", r.mae());
            TrainingRecord.putFinite(metrics, "testR2", r.r2());
            return r.summary();
        }
        EvaluationReport r = new EvaluationReport(eval.classification().confusion(), eval.classification().logLossSum(),
                modelDir, dataPath);
        EvaluationReport.writeJson(hadoop, path, r, overwrite);
        metrics.put("testAccuracy", r.accuracy());
        TrainingRecord.putFinite(metrics, "testMeanLogLoss", r.meanLogLoss());
        return String.format(java.util.Locale.ROOT, "accuracy %.2f%%, mean log-loss %.4f on %,d rows",
                r.accuracy() * 100, r.meanLogLoss(), r.count());
    }

    private static SavedModel model(JavaSparkContext sc, TrainConfig config, BlockTrainResult result,
                                    TabularInput input, ModelTask task, Map<String, Object> extraMetrics) {
        EpochMetrics last = result.last();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("epochs", last.epoch());
        metrics.put("steps", result.steps());
        TrainingRecord.putFinite(metrics, "trainLoss", last.trainLoss());
        TrainingRecord.putFinite(metrics, "trainAccuracy", last.trainAccuracy());
        metrics.put("trainingSeconds", last.elapsedSeconds());
        metrics.put("trainRows", result.provenance().rows());
        metrics.putAll(extraMetrics);
        Map<String, String> provenance = TrainingRecord.provenance(sc, config);
        provenance.put("embeddingOptimizer", String.valueOf(result.provenance().embeddingOptimizer()));
        provenance.put("broadcast", String.valueOf(result.provenance().broadcast()));
        return SavedModel.builder(result.dense(), result.params().dense())
                .block(input, task, result.params().tables())
                .metrics(metrics)
                .provenance(provenance)
                .trainingConfig(config.asMap())
                .build();
    }
}
