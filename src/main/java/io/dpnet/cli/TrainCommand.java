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
import io.dpnet.nn.ModelSpec;
import io.dpnet.run.RunReport;
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
import java.io.StringReader;
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
            description = "auto (in-place line on a terminal, one line per epoch otherwise), line, or none.")
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
            Checkpoint checkpoint = checkpoints(hadoop, TrainConfig.defaults()).latest().orElseThrow(() ->
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
            config = TrainConfig.of(readConf(hadoop), overrides);
            prepareOutput(hadoop);
        }
        ModelSpec spec = config.modelSpec();

        TrainingSets data = TrainingSets.open(hadoop, config);
        Map<String, String> checksums = data.checksums(hadoop);

        console.println("dpnet: " + spec);
        console.println("dpnet: " + config.optimizerSpec() + ", batch " + config.batchSize() + ", "
                + config.epochs() + " epochs, seed " + config.seed() + ", kernel " + config.kernel()
                + (config.learningRateScale() == 1 ? "" : String.format(", lr.scaling %s: effective learningRate %s",
                        config.learningRateScaling(), config.effectiveLearningRate()))
                + (config.syncMode() == io.dpnet.train.TrainingPlan.SyncMode.SYNC ? ""
                        : ", local SGD: parameters averaged every " + config.localSteps() + " steps"));
        try (JavaSparkContext sc = SparkContexts.create("dpnet train", config.master())) {
            sparkLogs.apply(sc);
            int partitions = config.partitions() > 0 ? config.partitions() : sc.defaultParallelism();
            // Recorded, so a resumed run (maybe elsewhere) splits the data the same way.
            config = config.with("partitions=" + partitions);
            LocalSgdRule.accuracyWarning(config.plan(), partitions)
                    .ifPresent(w -> console.println("dpnet: warning: " + w));
            long t0 = System.nanoTime();
            TrainingSets.Loaded loaded = data.load(sc, partitions);
            ShardedData train = loaded.train();
            ShardedData test = loaded.test();
            ShardedData validation = loaded.validation();
            console.printf("dpnet: master %s, %d partitions; loaded %,d training and %,d test samples in %.1fs "
                    + "(cached: %.1f MB + %.1f MB)%n", sc.master(), train.partitions(), train.count(), test.count(),
                    (System.nanoTime() - t0) / 1e9, train.sizeInBytes() / 1e6, test.sizeInBytes() / 1e6);

            MetricsLog metrics = new MetricsLog(hadoop, new Path(out, "metrics.jsonl").toString(),
                    resumeFrom == null ? List.of() : MetricsLog.lines(resumeFrom.history()));
            TrainingListener listener = listeners(new ConsoleProgress(console, interactive()), metrics);
            RunCheckpointer checkpointer = new RunCheckpointer(checkpoints(hadoop, config), config);
            TrainResult result;
            try {
                result = new DistributedTrainer(sc, config).train(TrainRequest.of(train).withValidation(validation)
                        .withTest(test).withListener(listener).resumingFrom(resumeFrom).withCheckpointer(checkpointer));
            } catch (TrainingDivergedException e) {
                String last = checkpointer.lastSaved() != null ? checkpointer.lastSaved()
                        : checkpoints(hadoop, config).latestPath().orElse(null);
                throw new TrainingDivergedException(e.getMessage() + (last == null
                        ? "; no checkpoint was written (set checkpoint.every to keep one)"
                        : "; the last good checkpoint is " + last + " (continue with: dpnet train --resume " + out
                                + " --set learningRate=<lower>)"));
            }

            EvalSum eval = DistributedEvaluator.evaluate(sc, test, spec, result.params(), config.kernel(),
                    config.treeDepth());
            String modelDir = new Path(out, "model").toString();
            EvaluationReport report = new EvaluationReport(eval.confusion(), eval.logLossSum(), modelDir,
                    data.testPath());
            EvaluationReport.writeJson(hadoop, new Path(out, "eval.json").toString(), report, true);
            ModelIo.save(hadoop, modelDir, savedModel(config, spec, result, checksums, report, sc), true);
            String html = null;
            try {
                int[] shape = data.imageShape();
                html = RunReport.write(sc, hadoop, out, test, shape[0], shape[1], spec, result.params(),
                        config.kernel(), config.treeDepth());
            } catch (java.io.IOException | RuntimeException e) {
                // The model and metrics are saved; a report can be rebuilt later with `dpnet report`.
                System.err.println("dpnet: warning: could not write the report (" + e + "); the model is saved, "
                        + "run 'dpnet report --run " + out + " --find-misclassified' to retry");
            }

            EpochMetrics last = result.last();
            if (config.plan().earlyStopping().enabled()) {
                console.printf("dpnet: early stopping %s; the model is epoch %d's (best %s)%n",
                        result.stoppedEarly() ? "ended the run after epoch " + last.epoch() : "did not trigger",
                        result.bestEpoch(), config.plan().earlyStopping().metric());
            }
            console.printf("dpnet: test accuracy %.2f%% after %d epochs, %.1fs training (%.2fs per epoch); "
                    + "peak heap %s%n", report.accuracy() * 100, last.epoch(), last.elapsedSeconds(),
                    last.elapsedSeconds() / last.epoch(), PeakHeap.describe());
            console.println("dpnet: wrote " + modelDir + ", " + new Path(out, "metrics.jsonl") + ", "
                    + new Path(out, "eval.json") + (html == null ? "" : ", " + html));
        }
        return 0;
    }

    private CheckpointStore checkpoints(Configuration hadoop, TrainConfig config) {
        return new CheckpointStore(hadoop, new Path(out, "checkpoints").toString(), config.checkpoint().keep());
    }


    private Properties readConf(Configuration hadoop) throws java.io.IOException {
        Properties p = new Properties();
        if (confPath != null) {
            try {
                p.load(new StringReader(RunFiles.readString(hadoop, confPath)));
            } catch (java.io.FileNotFoundException e) {
                throw new ConfigException("config file " + confPath + " does not exist");
            }
        }
        return p;
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

    private TrainingListener listeners(ConsoleProgress console, MetricsLog metrics) {
        boolean quiet = progress.equals("none");
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, long steps, long done, long total, double loss, double acc,
                               double seconds) {
                if (!quiet) {
                    console.onStep(epoch, step, steps, done, total, loss, acc, seconds);
                }
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                if (!quiet) {
                    console.onEpoch(m);
                }
                metrics.onEpoch(m);
            }
        };
    }

    private static SavedModel savedModel(TrainConfig config, ModelSpec spec, TrainResult result,
                                         Map<String, String> checksums, EvaluationReport report,
                                         JavaSparkContext sc) {
        Map<String, Object> metrics = TrainingRecord.metrics(result);
        metrics.put("testAccuracy", report.accuracy());
        TrainingRecord.putFinite(metrics, "testMeanLogLoss", report.meanLogLoss());
        metrics.put("trainingSeconds", result.last().elapsedSeconds());
        Map<String, String> provenance = TrainingRecord.provenance(sc, config);
        return SavedModel.builder(spec, result.params())
                .trainingConfig(config.asMap())
                .datasetChecksums(checksums)
                .metrics(metrics)
                .provenance(provenance)
                .build();
    }
}
