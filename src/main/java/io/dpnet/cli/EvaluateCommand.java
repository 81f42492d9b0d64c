package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.InputFiles;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.eval.EvaluationSummary;
import io.dpnet.model.AtomicPublish;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.spark.input.DataFrameInputs;
import io.dpnet.spark.score.DistributedEvaluator;
import io.dpnet.eval.EvalSum;
import io.dpnet.spark.input.LabeledSource;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.SparkContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a saved model over labelled test sets in parallel and writes JSON reports",
            "(accuracy, per-class precision/recall/F1, confusion matrix, mean log-loss).",
            "One --data without wildcards: --out is the report file. Several --data, or a",
            "glob: --out is a directory with <set>.json per set plus summary.json and",
            "summary.csv (set, samples, accuracy, mean log-loss, macro F1); the summary",
            "table is printed too."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
    String model;

    @Option(names = "--data", paramLabel = "[FORMAT:]PATH",
            description = {"A test set: for idx a directory with IDX files in the MNIST layout (raw or .gz; see "
                    + "--split), else a file, directory or glob in --data-format. Repeatable; a glob (quote it) "
                    + "makes one set per match. A FORMAT: prefix (idx:, libsvm:, csv:, parquet:) sets one set's "
                    + "format."})
    List<String> data = new ArrayList<>();

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "Which IDX files of --data to score: test (t10k-*) or train. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--images", paramLabel = "FILE", description = "An idx3 images file (instead of --data).")
    String images;

    @Option(names = "--labels", paramLabel = "FILE", description = "An idx1 labels file (with --images).")
    String labels;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--out", paramLabel = "PATH", required = true,
            description = "The report file (one set) or the directory for the reports and summary (several sets).")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing report file or report directory.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not set by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions for the test set; 0 = default parallelism.")
    int partitions;

    @Option(names = "--kernel", defaultValue = "auto", description = "Matrix kernel: auto, vector, java or ejml.")
    String kernel;

    /** One data set to score: its report name and where it is. */
    private record Set(String name, LabeledSource source) {
    }

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        if ((images == null) != (labels == null) || (images == null) == data.isEmpty()) {
            throw new ConfigException("give either --data DIR, or both --images FILE and --labels FILE");
        }
        boolean many = data.size() > 1 || data.stream().anyMatch(InputFiles::isGlob);
        Path outPath = new Path(out);
        if (!overwrite && outPath.getFileSystem(hadoop).exists(outPath)) {
            throw new IOException(out + " already exists (pass --overwrite to replace it)");
        }
        SavedModel saved = ModelIo.load(hadoop, model);
        if (saved.isBlockModel()) {
            if (many || images != null) {
                throw new ConfigException("a tabular model is evaluated on one --data set (csv or parquet) at a time");
            }
            BlockModelCommands.evaluate(saved, model, dataOptions.target(data.get(0)), dataOptions, out, overwrite,
                    master, kernel, sparkLogs);
            return 0;
        }
        // Every set is opened (IDX headers read and checked) before Spark starts, like train does.
        List<Set> sets = images != null
                ? List.of(new Set("eval", checked(LabeledSource.idx(hadoop, images, labels,
                        saved.spec().outputSize()), saved)))
                : sets(hadoop, saved);
        try (JavaSparkContext sc = SparkContexts.create("dpnet evaluate", master)) {
            sparkLogs.apply(sc);
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            if (!many) {
                EvaluationReport report = evaluate(sc, saved, sets.get(0), p);
                EvaluationReport.writeJson(hadoop, out, report, overwrite);
                System.out.println(report.summary());
                System.out.println("dpnet: wrote " + out);
                return 0;
            }
            EvaluationSummary summary = new EvaluationSummary(model);
            for (Set s : sets) {
                summary.add(s.name(), s.source().path(), evaluate(sc, saved, s, p));
            }
            writeReports(hadoop, summary);
            System.out.print(summary.table());
            System.out.println("dpnet: wrote " + sets.size() + " reports and summary.json, summary.csv to " + out);
        }
        return 0;
    }

    /** The sets the --data options name, globs expanded, each with a unique report name. */
    private List<Set> sets(Configuration hadoop, SavedModel saved) throws IOException {
        List<Set> out = new ArrayList<>();
        Map<String, Integer> taken = new HashMap<>();
        taken.put("summary", 1);  // summary.json is the summary's; a set named summary becomes summary-2
        for (String value : data) {
            DataOptions.Target t = dataOptions.target(value);
            List<String> paths = new ArrayList<>();
            if (InputFiles.isGlob(t.path())) {
                for (FileStatus s : InputFiles.matches(hadoop, t.path())) {
                    paths.add(InputFiles.display(s.getPath()));
                }
            } else {
                paths.add(t.path());
            }
            for (String path : paths) {
                String name = unique(setName(path), taken);
                int classes = saved.spec().outputSize();
                out.add(new Set(name, checked(t.format() == DataFormat.IDX
                        ? LabeledSource.idxDirectory(hadoop, path, split, classes)
                        : LabeledSource.input(hadoop, dataOptions.spec(t.format(), path, saved.spec().inputSize(),
                                null), classes), saved)));
            }
        }
        return out;
    }

    /** A set's name: its last path component without data extensions ({@code a.csv.gz} → {@code a}). */
    static String setName(String path) {
        String name = new Path(path).getName();
        String previous;
        do {
            previous = name;
            name = name.replaceFirst("\\.(gz|bz2|csv|tsv|txt|libsvm|svm|parquet)$", "");
        } while (!name.equals(previous) && !name.isEmpty());
        return name.isEmpty() ? "set" : name;
    }

    private static String unique(String name, Map<String, Integer> taken) {
        int n = taken.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "-" + n;
    }

    /** The set, if its header (IDX) does not contradict the model's input size. */
    private LabeledSource checked(LabeledSource source, SavedModel saved) {
        int known = source.knownFeatures();
        if (known >= 0 && known != saved.spec().inputSize()) {
            throw new ConfigException(source.describeFeatures() + " features per sample but the model in " + model
                    + " takes " + saved.spec().inputSize());
        }
        return source;
    }

    private EvaluationReport evaluate(JavaSparkContext sc, SavedModel saved, Set s, int p) throws Exception {
        ShardedData shards = s.source().load(sc, p, "eval");
        try {
            EvalSum sum = DistributedEvaluator.evaluate(sc, shards, saved.spec(), saved.params(), kernel,
                    TrainConfig.defaults().treeDepth());
            return new EvaluationReport(sum.confusion(), sum.logLossSum(), model, s.source().path());
        } finally {
            shards.release();
        }
    }

    /** All reports and the summary appear at once, or not at all (a temporary sibling renamed). */
    private void writeReports(Configuration hadoop, EvaluationSummary summary) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (EvaluationSummary.Entry e : summary.entries()) {
            files.put(e.set() + ".json", e.report().toJson() + "\n");
        }
        files.put("summary.json", summary.toJson() + "\n");
        files.put("summary.csv", summary.toCsv());
        AtomicPublish.publishDirectory(hadoop, out, overwrite, "summary.json", (fs, tmp) -> {
            fs.mkdirs(tmp);
            for (Map.Entry<String, String> f : files.entrySet()) {
                try (OutputStream o = fs.create(new Path(tmp, f.getKey()), false)) {
                    o.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }
}
