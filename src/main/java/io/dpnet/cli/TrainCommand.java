package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.config.ConfigKey;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxLayout;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.model.Checkpoint;
import io.dpnet.model.CheckpointStore;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.KernelWarmup;
import io.dpnet.nn.ModelSpec;
import io.dpnet.run.TrainRun;
import io.dpnet.run.RunCheckpointer;
import io.dpnet.run.RunFiles;
import io.dpnet.train.TrainingPlan;
import io.dpnet.spark.score.DistributedEvaluator;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.spark.train.TrainRequest;
import io.dpnet.spark.input.TrainingSets;
import io.dpnet.train.EpochMetrics;
import io.dpnet.eval.EvalSum;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.SparkContexts;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingDivergedException;
import io.dpnet.train.TrainingState;
import io.dpnet.train.TrainingListener;
import io.dpnet.run.TrainingRecord;
import io.dpnet.train.LocalSgdRule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a network with synchronous data-parallel SGD and writes:",
            "  OUT/model/        the model (model.json + weights.bin)",
            "  OUT/metrics.jsonl one JSON line per epoch",
            "  OUT/eval.json     the final model's evaluation on the test set"},
        footerHeading = "%nConfiguration keys (defaults in brackets):%n")
final class TrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Properties file with configuration keys (any Hadoop path). Omit for the defaults.")
    String confPath;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one configuration key; repeatable, applied after --conf.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (any Hadoop path). Required unless --resume is given.")
    String out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = {"Continue the run in DIR from its newest checkpoint (see checkpoint.every), with its saved",
                "configuration (--set may change keys, e.g. a lower learningRate after a divergence)."})
    String resume;

    @Option(names = "--overwrite", description = "Replace an existing output directory.")
    boolean overwrite;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (in-place line on a terminal, otherwise one line per epoch plus one per 30 s of a long epoch), line (the latter always), or none.")
    String progress;

    static String keyTable() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : TrainConfig.KEYS) {
            sb.append(String.format("  %-18s %s [%s]%n", k.name(), k.description(), k.defaultValue()));
        }
        return sb.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        Configuration hadoop = new Configuration();
        TrainConfig config;
        TrainingState resumeFrom = null;
        if (resume != null) {
            if (confPath != null) {
                throw new ConfigException("--resume continues a run with its saved configuration; it cannot be "
                        + "combined with --conf (use --set to change a key)");
            }
            if (out != null && !new Path(out).equals(new Path(resume))) {
                throw new ConfigException("--resume writes into the run's own directory; drop --out " + out);
            }
            out = resume;
            Checkpoint checkpoint = TrainRun.checkpoints(hadoop, out, TrainConfig.defaults()).latest().orElseThrow(() ->
                    new ConfigException("no checkpoint to resume from in " + new Path(resume, "checkpoints")
                            + " (was the run started with checkpoint.every?)"));
            Properties saved = new Properties();
            saved.putAll(checkpoint.config());
            config = TrainConfig.of(saved, overrides);
            resumeFrom = RunCheckpointer.toState(checkpoint);
            console.printf("dpnet: resuming %s at epoch %d, step %d (global step %d)%n", resume,
                    resumeFrom.epoch(), resumeFrom.stepInEpoch(), resumeFrom.globalStep());
        } else {
            if (out == null) {
                throw new ConfigException("--out DIR is required (or --resume DIR)");
            }
            config = TrainConfig.of(ConfFile.read(hadoop, confPath), overrides);
            prepareOutput(hadoop);
        }
        if (config.tabular() != null) {
            TabularTrain.run(config, out, sparkLogs, consoleListener(console), console);
            return 0;
        }
        ModelSpec spec = config.modelSpec();
        TrainingSets data = TrainingSets.open(hadoop, config);  // checks the files before Spark starts
        console.println("dpnet: " + spec);
        console.println("dpnet: " + config.optimizerSpec() + ", batch " + config.batchSize() + ", "
                + config.epochs() + " epochs, seed " + config.seed() + ", kernel " + config.kernel()
                + (config.learningRateScale() == 1 ? "" : String.format(", lr.scaling %s: effective learningRate %s",
                        config.learningRateScaling(), config.effectiveLearningRate()))
                + (config.syncMode() == TrainingPlan.SyncMode.SYNC ? ""
                        : ", local SGD: parameters averaged every " + config.localSteps() + " steps"));
        TrainingPlan plan = config.plan();
        if (System.getProperty("spark.master", config.master()).startsWith("local")) {
            // Local mode runs the tasks in this JVM: compile the kernels while Spark starts and data loads.
            KernelWarmup.startInBackground(spec, config.kernel());
        }
        try (JavaSparkContext sc = SparkContexts.create("dpnet train", config.master())) {
            sparkLogs.apply(sc);
            TrainRun.Outcome done = TrainRun.intoDirectory(sc, hadoop,
                    new TrainRun.DirectoryRun(config, data, out, resumeFrom, consoleListener(console)),
                    new TrainRun.Progress() {
                        @Override
                        public void loaded(String master, ShardedData train, ShardedData test, double seconds) {
                            console.printf("dpnet: master %s, %d partitions; loaded %,d training and %,d test "
                                    + "samples in %.1fs (cached: %.1f MB + %.1f MB)%n", master, train.partitions(),
                                    train.count(), test.count(), seconds,
                                    train.blocks() == null ? train.sizeInBytes() / 1e6 : 0.0, test.sizeInBytes() / 1e6);
                            if (data.autoChoice() != null) {
                                console.println("dpnet: " + data.autoChoice());
                            }
                            if (train.blocks() != null) {
                                console.printf("dpnet: training set out of core: %,d blocks of %,d samples, "
                                        + "read one window at a time (%.1f MB in the files)%n",
                                        train.blocks().blocks(), train.blocks().blockSize(),
                                        train.sizeInBytes() / 1e6);
                            }
                            DistributedTrainer.jobPerStepNote(plan, sc, train)
                                    .ifPresent(n -> console.println("dpnet: " + n));
                            // Before the first step: a local-SGD setting known to lose accuracy.
                            LocalSgdRule.accuracyWarning(plan, train.partitions())
                                    .ifPresent(w -> console.println("dpnet: warning: " + w));
                        }

                        @Override
                        public void reportFailed(Exception e) {
                            System.err.println("dpnet: warning: could not write the report (" + e + "); the model "
                                    + "is saved, run 'dpnet report --run " + out + " --find-misclassified' to retry");
                        }
                    });
            printSummary(console, done);
        }
        return 0;
    }

    private void printSummary(PrintStream console, TrainRun.Outcome done) {
        TrainResult result = done.result();
        EpochMetrics last = result.last();
        if (done.config().plan().earlyStopping().enabled()) {
            console.printf("dpnet: early stopping %s; the model is epoch %d's (best %s)%n",
                    result.stoppedEarly() ? "ended the run after epoch " + last.epoch() : "did not trigger",
                    result.bestEpoch(), done.config().plan().earlyStopping().metric());
        }
        console.printf("dpnet: test accuracy %.2f%% after %d epochs, %.1fs training (%.2fs per epoch); "
                + "peak heap %s%n", done.test().accuracy() * 100, last.epoch(), last.elapsedSeconds(),
                last.elapsedSeconds() / last.epoch(), PeakHeap.describe());
        console.println("dpnet: wrote " + done.modelDir() + ", " + new Path(out, "metrics.jsonl") + ", "
                + new Path(out, "eval.json") + (done.reportHtml() == null ? "" : ", " + done.reportHtml()));
    }


    /** Refuses to clobber earlier results unless asked, before any work starts. */
    private void prepareOutput(Configuration hadoop) throws java.io.IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(hadoop);
        if (fs.exists(dir)) {
            if (!overwrite) {
                throw new java.io.IOException("output directory " + out
                        + " already exists (pass --overwrite to replace it)");
            }
            fs.delete(dir, true);
        }
        fs.mkdirs(dir);
    }

    private boolean interactive() {
        return switch (progress) {
            case "line" -> false;
            case "none" -> false;
            case "auto" -> System.console() != null;
            default -> throw new ConfigException("--progress must be auto, line or none, got '" + progress + "'");
        };
    }

    /** The console's progress lines, unless {@code --progress none}. */
    private TrainingListener consoleListener(PrintStream out) {
        return progress.equals("none") ? TrainingListener.NONE : new ConsoleProgress(out, interactive());
    }
}
