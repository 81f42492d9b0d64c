package io.dpnet.examples;

import io.dpnet.ml.DenseNetRegressor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A regressor from Spark ML: {@link DenseNetRegressor} predicts {@code spend} from two numeric
 * columns and an embedding of {@code city} (indexed by {@code StringIndexer}), with the Huber
 * loss, which the data's 1% gross outliers would otherwise pull on; scored with
 * {@code RegressionEvaluator} (RMSE, MAE, R²). The data are generated ({@link ExampleTables#shop}).
 *
 * <pre>
 * RegressionExample [OUT_DIR [TRAIN_ROWS [EPOCHS]]]
 *   defaults: runs/regression-example 20000 5
 * </pre>
 */
public final class RegressionExample {
    static final int EMBEDDING_DIM = 4;

    /** Test-set figures of one run. */
    public record Result(double rmse, double mae, double r2, double fitSeconds, PipelineModel model) {
    }

    private RegressionExample() {
    }

    public static Pipeline pipeline(int epochs) {
        StringIndexer index = new StringIndexer().setInputCol("city").setOutputCol("cityId").setHandleInvalid("keep");
        VectorAssembler numeric = new VectorAssembler().setInputCols(new String[] {"x0", "x1"})
                .setOutputCol("features");
        DenseNetRegressor net = new DenseNetRegressor()
                .setCategoricalCols("cityId").setEmbeddingDim(EMBEDDING_DIM)
                .setLayers(2 + EMBEDDING_DIM, 32, 1).setActivations("relu", "linear")
                .setLoss("huber").setHuberDelta(1.0)
                .setLabelCol("spend")
                .setOptimizer("adam").setLearningRate(0.01).setBatchSize(64).setEpochs(epochs).setSeed(42);
        return new Pipeline().setStages(new PipelineStage[] {index, numeric, net});
    }

    public static Result run(SparkSession spark, int trainRows, int epochs) {
        Dataset<Row> train = ExampleTables.shop(spark, trainRows, 1).cache();
        Dataset<Row> test = ExampleTables.shop(spark, Math.max(trainRows / 4, 200), 2).cache();
        long t0 = System.nanoTime();
        PipelineModel model = pipeline(epochs).fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> scored = model.transform(test).cache();
        RegressionEvaluator eval = new RegressionEvaluator().setLabelCol("spend");
        Result r = new Result(eval.setMetricName("rmse").evaluate(scored), eval.setMetricName("mae").evaluate(scored),
                eval.setMetricName("r2").evaluate(scored), seconds, model);
        scored.unpersist();
        return r;
    }

    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "runs/regression-example";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SparkSession spark = SparkSession.builder().config(Examples.conf("RegressionExample")).getOrCreate();
        try {
            System.out.printf("RegressionExample: %,d generated rows (spend ~ x0, x1, city embedding of %d), Huber "
                    + "loss, %d epochs%n", rows, EMBEDDING_DIM, epochs);
            Result r = run(spark, rows, epochs);
            System.out.printf("RegressionExample: fit in %.1fs; test RMSE %.3f, MAE %.3f, R² %.4f%n", r.fitSeconds(),
                    r.rmse(), r.mae(), r.r2());
            r.model().write().overwrite().save(out + "/pipeline");
            System.out.printf("RegressionExample: saved the PipelineModel to %s/pipeline (PipelineModel.load)%n", out);
        } finally {
            spark.stop();
        }
    }
}
