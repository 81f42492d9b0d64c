package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.data.DataFormat;
import io.dpnet.model.AtomicPublish;
import io.dpnet.model.SavedModel;
import io.dpnet.model.TabularInput;
import io.dpnet.run.TabularRun;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.input.TabularEncode;
import io.dpnet.spark.input.TabularFrames;
import io.dpnet.spark.score.BlockScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code evaluate} and {@code predict} for a block model (model.json v2): the input is a CSV with
 * a header or Parquet, read and mapped with the model's own vocabularies and standardization.
 */
final class BlockModelCommands {
    private BlockModelCommands() {
    }

    /** The tabular formats; anything else is a mistake worth naming. */
    static DataFormat tabularFormat(DataOptions.Target t) {
        if (t.format() != DataFormat.CSV && t.format() != DataFormat.PARQUET) {
            throw new ConfigException("this model reads tables: give --data-format csv (with a header line) or "
                    + "parquet, not " + t.format().key());
        }
        return t.format();
    }

    static void evaluate(SavedModel saved, String modelDir, DataOptions.Target data, DataOptions options, String out,
                         boolean overwrite, String master, String kernel, SparkLogsOption sparkLogs) throws Exception {
        Configuration hadoop = new Configuration();
        DataFormat format = tabularFormat(data);
        TabularInput in = saved.tabular();
        try (JavaSparkContext sc = SparkContexts.create("dpnet evaluate", master)) {
            sparkLogs.apply(sc);
            SparkSession spark = InputReader.session(sc);
            Dataset<Row> encoded = TabularEncode.encode(TabularFrames.read(spark, format, data.path(),
                    options.csvDelimiter), in, saved.task().labelColumn(), null, data.path());
            BlockScorer.Evaluation eval = BlockScorer.evaluate(sc, encoded, saved, kernel, 2, data.path());
            String summary = TabularRun.writeEvaluation(hadoop, out, eval, modelDir, data.path(), overwrite,
                    new LinkedHashMap<>());
            System.out.println("dpnet: " + summary);
            System.out.println("dpnet: wrote " + out);
        }
    }

    static void predict(SavedModel saved, DataOptions.Target data, DataOptions options, String out, String outFormat,
                        boolean overwrite, String master, String kernel, SparkLogsOption sparkLogs) throws Exception {
        Configuration hadoop = new Configuration();
        DataFormat format = tabularFormat(data);
        boolean regression = saved.task().isRegression();
        int classes = saved.spec().outputSize();
        try (JavaSparkContext sc = SparkContexts.create("dpnet predict", master)) {
            sparkLogs.apply(sc);
            SparkSession spark = InputReader.session(sc);
            long t0 = System.nanoTime();
            Dataset<Row> encoded = TabularEncode.encode(TabularFrames.read(spark, format, data.path(),
                    options.csvDelimiter), saved.tabular(), null, null, data.path());
            Dataset<Row> predictions = BlockScorer.predict(spark, encoded, saved, kernel, data.path());
            Dataset<Row> shaped = outFormat.equals("csv") && !regression ? flatten(predictions, classes) : predictions;
            AtomicPublish.publishDirectory(hadoop, out, overwrite, "_SUCCESS",
                    (fs, tmp) -> shaped.write().format(outFormat).option("header", "true").save(tmp.toString()));
            System.out.printf("dpnet: predicted %s in %.1fs; wrote %s (%s)%n", regression ? "values" : "classes",
                    (System.nanoTime() - t0) / 1e9, out, outFormat);
        }
    }

    /** CSV has no array type: the probabilities become one column per class. */
    private static Dataset<Row> flatten(Dataset<Row> predictions, int classes) {
        List<Column> cols = new ArrayList<>(List.of(functions.col("row"), functions.col("prediction")));
        for (int c = 0; c < classes; c++) {
            cols.add(functions.col("probability").getItem(c).as("prob_" + c));
        }
        return predictions.select(cols.toArray(Column[]::new));
    }
}
