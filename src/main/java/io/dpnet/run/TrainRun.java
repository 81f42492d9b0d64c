package io.dpnet.run;

import io.dpnet.config.TrainConfig;
import io.dpnet.eval.EvalSum;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.model.CheckpointStore;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.input.TrainingSets;
import io.dpnet.spark.score.DistributedEvaluator;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.spark.train.TrainRequest;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingDivergedException;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A training run as a service, for the CLI's {@code train} and the Pipeline API's {@code fit}:
 * resolve the partition count on the context, train, and record the model's metrics and
 * provenance the same way; for the CLI, also the whole run directory (metrics, checkpoints,
 * model, test evaluation, report). Callers parse their options and print; this does the work.
 */
public final class TrainRun {
    /** What a run into a directory tells its caller as it goes (besides the training listener). */
    public interface Progress {
        /** The sets are loaded and cached. */
        void loaded(String master, ShardedData train, ShardedData test, double seconds);

        /** The report could not be written; the model and metrics are saved. */
        void reportFailed(Exception e);
    }

    /**
     * A run into directory {@code out}: its config, the opened data sets, where to resume from
     * (null: a fresh run) and who hears each step and epoch.
     */
    public record DirectoryRun(TrainConfig config, TrainingSets data, String out, TrainingState resume,
                               TrainingListener listener) {
    }

    /** A finished run: the training result, the config as run, the test evaluation and the written files. */
    public record Outcome(TrainResult result, TrainConfig config, EvaluationReport test, String modelDir,
                          String reportHtml) {
    }

    private TrainRun() {
    }

    /** The config with {@code partitions} resolved on this context (recorded, so a resume splits alike). */
    public static TrainConfig resolvePartitions(JavaSparkContext sc, TrainConfig config) {
        int partitions = config.partitions() > 0 ? config.partitions() : sc.defaultParallelism();
        return config.with("partitions=" + partitions);
    }

    /** Trains {@code request} under {@code config}. */
    public static TrainResult train(JavaSparkContext sc, TrainConfig config, TrainRequest request) {
        return new DistributedTrainer(sc, config).train(request);
    }

    /**
     * The model with what every trained model records: the run's metrics (plus the caller's
     * {@code extraMetrics}, e.g. test figures or row counts) and provenance.
     */
    public static SavedModel.Builder model(JavaSparkContext sc, TrainConfig config, TrainResult result,
                                           Map<String, Object> extraMetrics) {
        Map<String, Object> metrics = TrainingRecord.metrics(result);
        metrics.putAll(extraMetrics);
        metrics.put("trainingSeconds", result.last().elapsedSeconds());
        return SavedModel.builder(config.modelSpec(), result.params())
                .metrics(metrics)
                .provenance(TrainingRecord.provenance(sc, config));
    }

    /**
     * The CLI's run: loads the sets, trains with metrics.jsonl and checkpoints in {@code out},
     * evaluates the final model on the test set, saves {@code model/} and {@code eval.json}, and
     * writes the report (a report failure is passed to {@code progress}, not thrown).
     */
    public static Outcome intoDirectory(JavaSparkContext sc, Configuration hadoop, DirectoryRun run,
                                        Progress progress) throws Exception {
        TrainConfig config = resolvePartitions(sc, run.config());
        String out = run.out();
        Map<String, String> checksums = run.data().checksums(hadoop);
        long t0 = System.nanoTime();
        TrainingSets.Loaded loaded = run.data().load(sc, config.partitions());
        // Recorded like partitions: auto may decide from this machine's memory, and a resume must
        // keep the sample order of the run it continues rather than decide again elsewhere.
        config = config.with("input.storage=" + (loaded.train().blocks() == null ? "memory" : "blocks"));
        ShardedData test = loaded.test();
        progress.loaded(sc.master(), loaded.train(), test, (System.nanoTime() - t0) / 1e9);

        TrainingState resume = run.resume();
        MetricsLog metrics = new MetricsLog(hadoop, new Path(out, "metrics.jsonl").toString(),
                resume == null ? List.of() : MetricsLog.lines(resume.history()));
        CheckpointStore store = checkpoints(hadoop, out, config);
        RunCheckpointer checkpointer = new RunCheckpointer(store, config);
        TrainResult result;
        try {
            result = train(sc, config, TrainRequest.of(loaded.train()).withValidation(loaded.validation())
                    .withTest(test).withListener(TrainingListener.both(run.listener(), metrics))
                    .resumingFrom(resume).withCheckpointer(checkpointer));
        } catch (TrainingDivergedException e) {
            String last = checkpointer.lastSaved() != null ? checkpointer.lastSaved()
                    : store.latestPath().orElse(null);
            throw new TrainingDivergedException(e.getMessage() + (last == null
                    ? "; no checkpoint was written (set checkpoint.every to keep one)"
                    : "; the last good checkpoint is " + last + " (continue with: dpnet train --resume " + out
                            + " --set learningRate=<lower>)"));
        }

        EvalSum eval = DistributedEvaluator.evaluate(sc, test, config.modelSpec(), result.params(), config.kernel(),
                config.treeDepth());
        String modelDir = new Path(out, "model").toString();
        EvaluationReport report = new EvaluationReport(eval.confusion(), eval.logLossSum(), modelDir,
                run.data().testPath());
        EvaluationReport.writeJson(hadoop, new Path(out, "eval.json").toString(), report, true);
        Map<String, Object> testMetrics = new LinkedHashMap<>();
        testMetrics.put("testAccuracy", report.accuracy());
        TrainingRecord.putFinite(testMetrics, "testMeanLogLoss", report.meanLogLoss());
        ModelIo.save(hadoop, modelDir, model(sc, config, result, testMetrics).trainingConfig(config.asMap())
                .datasetChecksums(checksums).build(), true);
        String html = null;
        try {
            int[] shape = run.data().imageShape();
            html = RunReport.write(sc, hadoop, out, test, shape[0], shape[1], config.modelSpec(), result.params(),
                    config.kernel(), config.treeDepth());
        } catch (IOException | RuntimeException e) {
            progress.reportFailed(e);
        }
        return new Outcome(result, config, report, modelDir, html);
    }

    /** The run's checkpoint store, {@code out/checkpoints}. */
    public static CheckpointStore checkpoints(Configuration hadoop, String out, TrainConfig config) {
        return new CheckpointStore(hadoop, new Path(out, "checkpoints").toString(), config.checkpoint().keep());
    }
}
