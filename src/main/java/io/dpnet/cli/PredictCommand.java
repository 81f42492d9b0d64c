package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.InputSpec;
import io.dpnet.data.Labels;
import io.dpnet.model.AtomicPublish;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.input.UnlabeledSource;
import io.dpnet.spark.score.Predictor;
import io.dpnet.spark.SparkContexts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a saved model over a data set in parallel; one output row per input row:",
            "  id           the input's id column (--id-col, or a column named id),",
            "               else the 0-based row number",
            "  prediction   the predicted class",
            "  probability  the class probabilities (parquet: one array column;",
            "               csv: columns prob_0 .. prob_<k-1>)",
            "Labels in the input are not needed and are ignored. The output, a directory",
            "of part files, is written to a temporary sibling and renamed into place."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
    String model;

    @Option(names = "--data", paramLabel = "PATH", required = true,
            description = {"The data: for idx an images file or a directory in the MNIST layout (see --split); "
                    + "otherwise a file, directory or glob in --data-format."})
    String data;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "With an IDX directory: test (t10k-*) or train images. Default: ${DEFAULT-VALUE}.")
    String split;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--id-col", paramLabel = "COLUMN",
            description = "The input's id column (csv: name or 0-based index; parquet: name), copied to the output.")
    String idCol;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory (any Hadoop path).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "Output format: parquet or csv (with a header line). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--overwrite", description = "Replace an existing output directory of an earlier predict.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not set by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions for an IDX input; 0 = default parallelism. Other inputs keep their own.")
    int partitions;

    @Option(names = "--kernel", defaultValue = "auto", description = "Matrix kernel: auto, vector, java or ejml.")
    String kernel;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new ConfigException("--format must be parquet or csv, got '" + format + "'");
        }
        Configuration hadoop = new Configuration();
        Path outPath = new Path(out);
        if (!overwrite && outPath.getFileSystem(hadoop).exists(outPath)) {
            throw new IOException(out + " already exists (pass --overwrite to replace it)");
        }
        SavedModel saved = ModelIo.load(hadoop, model);
        if (saved.isBlockModel()) {
            if (idCol != null) {
                throw new ConfigException("--id-col is not supported for tabular models yet; the output's row column "
                        + "is the 0-based input row");
            }
            BlockModelCommands.predict(saved, dataOptions.target(data), dataOptions, out, format, overwrite, master,
                    kernel, sparkLogs);
            return 0;
        }
        int features = saved.spec().inputSize();
        DataFormat inputFormat = dataOptions.format();
        if (inputFormat == DataFormat.IDX && idCol != null) {
            throw new ConfigException("--id-col needs a csv or parquet input; IDX rows are identified by their "
                    + "index");
        }
        UnlabeledSource source = inputFormat == DataFormat.IDX ? UnlabeledSource.idx(hadoop, data, split)
                : UnlabeledSource.input(dataOptions.spec(inputFormat, data, features, idCol));
        if (source.knownFeatures() >= 0 && source.knownFeatures() != features) {
            throw new ConfigException(source.describeFeatures() + " features per sample but the model in " + model
                    + " takes " + features);
        }
        try (JavaSparkContext sc = SparkContexts.create("dpnet predict", master)) {
            sparkLogs.apply(sc);
            SparkSession spark = InputReader.session(sc);
            Predictor predictor = new Predictor(spark, saved.spec(), saved.params(), kernel);
            int classes = saved.spec().outputSize();
            long t0 = System.nanoTime();
            Predictor.Sink sink = predictions -> AtomicPublish.publishDirectory(hadoop, out, overwrite, "_SUCCESS",
                    (fs, tmp) -> shape(predictions, classes).write().format(format).option("header", "true")
                            .save(tmp.toString()));
            long rows;
            if (source.images() != null) {
                rows = predictor.predictIdx(source.images(), partitions > 0 ? partitions : sc.defaultParallelism(),
                        sink);
            } else {
                // Labels, if the input has them, are not checked: predict does not use them.
                rows = source.withRows(sc, input -> predictor.predict(input, data, sink));
            }
            System.out.printf("dpnet: predicted %,d rows in %.1fs; wrote %s (%s)%n", rows,
                    (System.nanoTime() - t0) / 1e9, out, format);
        }
        return 0;
    }

    /** CSV has no array type: the probabilities become one column per class. */
    private Dataset<Row> shape(Dataset<Row> predictions, int classes) {
        if (format.equals("parquet")) {
            return predictions;
        }
        List<Column> cols = new ArrayList<>(List.of(functions.col("id"), functions.col("prediction")));
        for (int c = 0; c < classes; c++) {
            cols.add(functions.col("probability").getItem(c).as("prob_" + c));
        }
        return predictions.select(cols.toArray(Column[]::new));
    }
}
