package io.dpnet.examples;

import io.dpnet.ml.DenseNetClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A categorical classifier from Spark ML: {@code StringIndexer} turns the string columns
 * {@code city} and {@code device} into category ids (writing their vocabulary sizes into the
 * column metadata, which {@link DenseNetClassifier} reads), {@code VectorAssembler} gathers the
 * numeric columns, and the classifier learns one embedding per city and device next to them.
 * Scored with {@code BinaryClassificationEvaluator} (AUC) and
 * {@code MulticlassClassificationEvaluator} (accuracy); the fitted {@code PipelineModel} is saved.
 * The data are generated ({@link ExampleTables#shop}), so it runs from a clean clone.
 *
 * <pre>
 * CategoricalExample [OUT_DIR [TRAIN_ROWS [EPOCHS]]]
 *   defaults: runs/categorical-example 20000 5
 * </pre>
 */
public final class CategoricalExample {
    static final int EMBEDDING_DIM = 4;

    /** Test-set figures of one run. */
    public record Result(double auc, double accuracy, double fitSeconds, PipelineModel model) {
    }

    private CategoricalExample() {
    }

    /** The pipeline: index the strings ({@code keep}: unseen values get an "unknown" row), assemble, classify. */
    public static Pipeline pipeline(int epochs) {
        StringIndexer index = new StringIndexer().setInputCols(new String[] {"city", "device"})
                .setOutputCols(new String[] {"cityId", "deviceId"}).setHandleInvalid("keep");
        VectorAssembler numeric = new VectorAssembler().setInputCols(new String[] {"x0", "x1"})
                .setOutputCol("features");
        DenseNetClassifier net = new DenseNetClassifier()
                .setCategoricalCols("cityId", "deviceId").setEmbeddingDim(EMBEDDING_DIM)
                // input width: 2 numeric + 2 embeddings of 4
                .setLayers(2 + 2 * EMBEDDING_DIM, 32, 2).setActivations("relu", "softmax")
                .setLabelCol("clicked")
                .setOptimizer("adam").setLearningRate(0.01).setBatchSize(64).setEpochs(epochs).setSeed(42);
        return new Pipeline().setStages(new PipelineStage[] {index, numeric, net});
    }

    public static Result run(SparkSession spark, int trainRows, int epochs) {
        Dataset<Row> train = ExampleTables.shop(spark, trainRows, 1).cache();
        Dataset<Row> test = ExampleTables.shop(spark, Math.max(trainRows / 4, 200), 2).cache();
        long t0 = System.nanoTime();
        PipelineModel model = pipeline(epochs).fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> scored = model.transform(test);
        double auc = new BinaryClassificationEvaluator().setLabelCol("clicked").setMetricName("areaUnderROC")
                .evaluate(scored);
        double accuracy = new MulticlassClassificationEvaluator().setLabelCol("clicked").setMetricName("accuracy")
                .evaluate(scored);
        return new Result(auc, accuracy, seconds, model);
    }

    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "runs/categorical-example";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SparkSession spark = SparkSession.builder().config(Examples.conf("CategoricalExample")).getOrCreate();
        try {
            System.out.printf("CategoricalExample: %,d generated rows (city, device → StringIndexer → embeddings of %d;"
                    + " x0, x1 numeric), %d epochs%n", rows, EMBEDDING_DIM, epochs);
            Result r = run(spark, rows, epochs);
            System.out.printf("CategoricalExample: fit in %.1fs; test AUC %.4f, accuracy %.2f%%%n", r.fitSeconds(),
                    r.auc(), 100 * r.accuracy());
            r.model().write().overwrite().save(out + "/pipeline");
            System.out.printf("CategoricalExample: saved the PipelineModel to %s/pipeline (PipelineModel.load)%n", out);
        } finally {
            spark.stop();
        }
    }
}
