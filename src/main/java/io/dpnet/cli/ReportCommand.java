package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.report.ReportWriter;
import io.dpnet.report.RunDirectory;
import io.dpnet.run.RunReport;
import io.dpnet.eval.Misclassification;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.SparkContexts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a training run's report from the files in its directory (no Spark):",
            "  DIR/report.html  one self-contained page: curves, confusion matrix,",
            "                   per-class scores, misclassified images, config, provenance",
            "  DIR/report/      the same charts as PNG files",
            "With --find-misclassified it first finds the most confidently misclassified",
            "test images on Spark and writes DIR/misclassified.json."})
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--run", paramLabel = "DIR", required = true,
            description = "A run directory written by train (model/, metrics.jsonl, eval.json).")
    String run;

    @Option(names = "--find-misclassified",
            description = "(Re)compute misclassified.json on Spark from the test set the model was trained with.")
    boolean findMisclassified;

    @Option(names = "--top", paramLabel = "K", defaultValue = "" + RunReport.DEFAULT_TOP_K,
            description = "With --find-misclassified: how many images. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--data", paramLabel = "DIR",
            description = "With --find-misclassified: directory with the t10k-* IDX files, instead of the model's"
                    + " data.dir / data.test.* settings.")
    String data;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "With --find-misclassified: Spark master when not set by spark-submit."
                    + " Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "With --find-misclassified: partitions for the test set; 0 = default parallelism.")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        if (findMisclassified) {
            List<Misclassification> found = searchMisclassified(hadoop);
            System.out.println("dpnet: wrote " + RunDirectory.resolve(run, RunDirectory.MISCLASSIFIED) + " ("
                    + found.size() + " images)");
        }
        String html = ReportWriter.write(hadoop, run);
        System.out.println("dpnet: wrote " + html + " and " + RunDirectory.resolve(run, RunDirectory.REPORT_DIR) + "/");
        return 0;
    }

    private List<Misclassification> searchMisclassified(Configuration hadoop) throws java.io.IOException {
        if (top < 0) {
            throw new ConfigException("--top must be >= 0, got " + top);
        }
        SavedModel saved = ModelIo.load(hadoop, RunDirectory.resolve(run, RunDirectory.MODEL_DIR));
        Map<String, String> cfg = saved.trainingConfig();
        String images = cfg.getOrDefault("data.test.images", "");
        String labels = cfg.getOrDefault("data.test.labels", "");
        if (data != null || images.isEmpty() || labels.isEmpty()) {
            String dir = data != null ? data : cfg.getOrDefault("data.dir", "");
            if (dir.isEmpty()) {
                throw new ConfigException("the model's config names no test data; pass --data DIR");
            }
            images = IdxLayout.images(hadoop, dir, "test");
            labels = IdxLayout.labels(hadoop, dir, "test");
        }
        IdxDataset set = IdxDataset.open(hadoop, images, labels, saved.spec().outputSize());
        if (set.features() != saved.spec().inputSize()) {
            throw new ConfigException(images + " has " + set.rows() + "x" + set.cols() + " = " + set.features()
                    + " features per sample but the model takes " + saved.spec().inputSize());
        }
        String kernel = cfg.getOrDefault("kernel", "java");
        try (JavaSparkContext sc = SparkContexts.create("dpnet report", master)) {
            sparkLogs.apply(sc);
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            ShardedData test = ShardedData.load(sc, set, p, "test");
            return RunReport.writeMisclassified(sc, hadoop, run, test, set.rows(), set.cols(), saved.spec(),
                    saved.params(), kernel, 2, top);
        }
    }
}
