package io.dpnet.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpnet.spark.SparkContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Every model of {@link TabularBaseline#all()} on every data set of {@link TabularSet#all()}, in one
 * run on one SparkSession: fit on {@code NAME-train.csv}, score on {@code NAME-test.csv}, print one
 * markdown table per set and write all rows as JSON (with the load average before and after, since
 * the times depend on what else runs). {@code scripts/bench-tabular.sh} runs it.
 *
 * <pre>
 * TabularBaselines [DATA_DIR [OUT_JSON [SET,SET... [MODEL_PREFIX,...]]]]
 *   defaults: data/modeldata runs/bench-tabular/results.json (every set) (every model)
 *   SET "all" = every set; MODEL_PREFIX: run only models whose name starts with one, e.g. "dpnet"
 * </pre>
 */
public final class TabularBaselines {
    private TabularBaselines() {
    }

    public static void main(String[] args) throws IOException {
        String dataDir = args.length > 0 ? args[0] : "data/modeldata";
        Path out = Path.of(args.length > 1 ? args[1] : "runs/bench-tabular/results.json");
        List<String> only = args.length > 2 && !args[2].equals("all") ? List.of(args[2].split(",")) : List.of();
        List<String> models = args.length > 3 ? List.of(args[3].split(",")) : List.of("");

        // dpnet's Kryo settings, so that the dpnet rows run as under `dpnet train`, except that
        // unregistered classes are allowed: Spark SQL and MLlib serialize classes dpnet's
        // registrator does not know. local[2] unless spark-submit says otherwise. Few shuffle
        // partitions: the sets are small.
        SparkSession spark = SparkSession.builder()
                .config(SparkContexts.conf("dpnet TabularBaselines", "local[2]")
                        .set("spark.kryo.registrationRequired", "false"))
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("master", spark.sparkContext().master());
        report.put("loadAverageBefore", loadAverage());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            for (TabularSet set : TabularSet.all()) {
                if (!only.isEmpty() && !only.contains(set.name())) {
                    continue;
                }
                List<TabularResult> results = runSet(spark, set, dataDir, models, failures);
                if (!results.isEmpty()) {
                    System.out.printf("%n### %s%n%n%s", set.name(), TabularResult.markdown(results));
                }
                results.forEach(r -> rows.add(r.toJson()));
            }
        } finally {
            spark.stop();
        }
        report.put("loadAverageAfter", loadAverage());
        report.put("results", rows);
        report.put("failures", failures);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.printf("%nTabularBaselines: wrote %s%n", out);
        failures.forEach(f -> System.out.println("TabularBaselines: FAILED " + f));
    }

    /**
     * One set, read and cached, with the column roles every model shares.
     *
     * @param train training rows (+ {@code weight} for a binary set), cached
     * @param test  test rows, cached
     */
    record SetData(TabularSet set, Dataset<Row> train, Dataset<Row> test, String[] categorical, String[] numeric,
            long trainRows, long testRows) {
        static SetData read(SparkSession spark, TabularSet set, String dataDir) {
            Dataset<Row> train = set.read(spark, dataDir, "train");
            // Column roles first: the weight column added next is not a feature.
            String[] categorical = set.categoricalCols(train);
            String[] numeric = set.numericCols(train);
            if (set.task() == TabularSet.Task.BINARY) {
                train = withBalancedWeights(train);
            }
            train = train.cache();
            Dataset<Row> test = set.read(spark, dataDir, "test").cache();
            return new SetData(set, train, test, categorical, numeric, train.count(), test.count());
        }
    }

    /** Every applicable model on one set; a model that throws is added to {@code failures} instead. */
    static List<TabularResult> runSet(SparkSession spark, TabularSet set, String dataDir, List<String> models,
            List<String> failures) {
        SetData data = SetData.read(spark, set, dataDir);
        List<TabularResult> results = new ArrayList<>();
        for (TabularBaseline b : TabularBaseline.all()) {
            if (!b.appliesTo(set) || models.stream().noneMatch(b.name()::startsWith)) {
                continue;
            }
            System.out.printf("TabularBaselines: %s / %s ...%n", set.name(), b.name());
            try {
                results.add(runOne(data, b));
            } catch (RuntimeException e) {
                // One failing model must not cost the other rows of a 30-minute run: it is reported instead.
                System.out.printf("TabularBaselines: %s / %s FAILED: %s%n", set.name(), b.name(), e);
                failures.add(set.name() + " / " + b.name() + ": " + e);
            }
        }
        data.train().unpersist();
        data.test().unpersist();
        return results;
    }

    static TabularResult runOne(SetData d, TabularBaseline b) {
        long t0 = System.nanoTime();
        TabularFeatures.Fitted features = b.features().fit(d.train(), d.categorical(), d.numeric(), d.set().textCol());
        Dataset<Row> trainFeatures = features.model().transform(d.train());
        PipelineModel learned = new Pipeline()
                .setStages(new PipelineStage[] {b.learner().create(features)}).fit(trainFeatures);
        double fitSeconds = seconds(t0);

        long t1 = System.nanoTime();
        Dataset<Row> predictions = learned.transform(features.model().transform(d.test())).cache();
        predictions.count();
        Map<String, Double> metrics = metrics(d.set().task(), predictions);
        double scoreSeconds = seconds(t1);
        predictions.unpersist();
        return new TabularResult(d.set().name(), b.name(), features.describe(b.features()), d.trainRows(),
                d.testRows(), fitSeconds, scoreSeconds, metrics);
    }

    /** Adds {@code weight} = n / (2 · n_class): both classes weigh as much in total. */
    static Dataset<Row> withBalancedWeights(Dataset<Row> train) {
        long n = train.count();
        long positives = train.filter(functions.col("label").equalTo(1.0)).count();
        double wPositive = n / (2.0 * positives);
        double wNegative = n / (2.0 * (n - positives));
        return train.withColumn("weight", functions.when(functions.col("label").equalTo(1.0), wPositive)
                .otherwise(wNegative));
    }

    /**
     * Binary: accuracy at the model's own threshold, areas under ROC and PR computed from the
     * probability of class 1 (not rawPrediction: dpnet's are the two logits, of which the
     * evaluator would read the second alone). Regression: RMSE, MAE, R².
     */
    static Map<String, Double> metrics(TabularSet.Task task, Dataset<Row> predictions) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == TabularSet.Task.BINARY) {
            m.put("accuracy", new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions));
            BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator().setRawPredictionCol("probability");
            m.put("auc_roc", auc.setMetricName("areaUnderROC").evaluate(predictions));
            m.put("auc_pr", auc.setMetricName("areaUnderPR").evaluate(predictions));
        } else {
            RegressionEvaluator r = new RegressionEvaluator();
            m.put("rmse", r.setMetricName("rmse").evaluate(predictions));
            m.put("mae", r.setMetricName("mae").evaluate(predictions));
            m.put("r2", r.setMetricName("r2").evaluate(predictions));
        }
        return m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** /proc/loadavg's first three fields, or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
