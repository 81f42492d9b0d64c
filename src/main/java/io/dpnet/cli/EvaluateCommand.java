package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.spark.DistributedEvaluator;
import io.dpnet.spark.EvalSum;
import io.dpnet.spark.ShardedData;
import io.dpnet.spark.SparkContexts;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a saved model over a labelled test set in parallel and writes a JSON report",
            "(accuracy, per-class precision/recall/F1, confusion matrix, mean log-loss)."})
final class EvaluateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
    String model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory with IDX files in the MNIST layout (raw or .gz); see --split.")
    String data;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "Which files of --data to score: test (t10k-*) or train. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--images", paramLabel = "FILE", description = "An idx3 images file (instead of --data).")
    String images;

    @Option(names = "--labels", paramLabel = "FILE", description = "An idx1 labels file (with --images).")
    String labels;

    @Option(names = "--out", paramLabel = "FILE.json", required = true, description = "Where to write the report.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing report file.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not set by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions for the test set; 0 = default parallelism.")
    int partitions;

    @Option(names = "--kernel", defaultValue = "auto", description = "Matrix kernel: auto, vector, java or ejml.")
    String kernel;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        if ((images == null) != (labels == null) || (images == null) == (data == null)) {
            throw new ConfigException("give either --data DIR, or both --images FILE and --labels FILE");
        }
        if (!overwrite && new org.apache.hadoop.fs.Path(out).getFileSystem(hadoop).exists(new org.apache.hadoop.fs.Path(out))) {
            throw new java.io.IOException(out + " already exists (pass --overwrite to replace it)");
        }
        SavedModel saved = ModelIo.load(hadoop, model);
        String imagesPath = images != null ? images : IdxLayout.images(hadoop, data, split);
        String labelsPath = labels != null ? labels : IdxLayout.labels(hadoop, data, split);
        IdxDataset set = IdxDataset.open(hadoop, imagesPath, labelsPath, saved.spec().outputSize());
        if (set.features() != saved.spec().inputSize()) {
            throw new ConfigException(imagesPath + " has " + set.rows() + "x" + set.cols() + " = " + set.features()
                    + " features per sample but the model in " + model + " takes " + saved.spec().inputSize());
        }
        try (JavaSparkContext sc = SparkContexts.create("dpnet evaluate", master)) {
            sparkLogs.apply(sc);
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            ShardedData shards = ShardedData.load(sc, set, p, "eval");
            EvalSum sum = DistributedEvaluator.evaluate(sc, shards, saved.spec(), saved.params(), kernel, 2);
            EvaluationReport report = new EvaluationReport(sum.confusion(), sum.logLossSum(), model, imagesPath);
            EvaluationReport.writeJson(hadoop, out, report, overwrite);
            System.out.println(report.summary());
            System.out.println("dpnet: wrote " + out);
        }
        return 0;
    }
}
