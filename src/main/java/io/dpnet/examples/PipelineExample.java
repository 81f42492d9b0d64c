package io.dpnet.examples;

import io.dpnet.data.IdxLayout;
import io.dpnet.ml.DenseNetClassificationModel;
import io.dpnet.ml.DenseNetClassifier;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * dpnet from Spark ML: a {@code Pipeline} that scales MNIST's raw pixels and trains a
 * {@link DenseNetClassifier} on a DataFrame, scored with MLlib's
 * {@code MulticlassClassificationEvaluator}, then saved twice — the whole {@code PipelineModel}
 * (for Spark) and the classifier stage alone, a dpnet model directory that
 * {@code scripts/dpnet evaluate --model} scores on the IDX files.
 *
 * <p>The scaling stage multiplies by 1/255, the scaling {@code dpnet evaluate} applies to IDX
 * pixels itself, so the classifier stage sees the same inputs from either side.
 *
 * <pre>
 * PipelineExample [DATA_DIR [OUT_DIR [TRAIN_ROWS [EPOCHS]]]]
 *   defaults: data/mnist runs/pipeline-example 6000 8
 * </pre>
 */
public final class PipelineExample {
    private PipelineExample() {
    }

    public static void main(String[] args) throws Exception {
        String dataDir = args.length > 0 ? args[0] : "data/mnist";
        String out = args.length > 1 ? args[1] : "runs/pipeline-example";
        int trainRows = args.length > 2 ? Integer.parseInt(args[2]) : 6000;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 8;

        // spark-submit's --master and --name win; run directly, it is local Spark on every core.
        SparkConf conf = new SparkConf().setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "dpnet PipelineExample")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            Dataset<Row> train = IdxFrames.pixels(spark, IdxLayout.images(hadoop, dataDir, "train"),
                    IdxLayout.labels(hadoop, dataDir, "train"), 10, trainRows).cache();
            Dataset<Row> test = IdxFrames.pixels(spark, IdxLayout.images(hadoop, dataDir, "test"),
                    IdxLayout.labels(hadoop, dataDir, "test"), 10, Integer.MAX_VALUE).cache();

            double[] inv255 = new double[784];
            Arrays.fill(inv255, 1.0 / 255);
            ElementwiseProduct scale = new ElementwiseProduct().setInputCol("pixels").setOutputCol("features")
                    .setScalingVec(Vectors.dense(inv255));
            DenseNetClassifier net = new DenseNetClassifier()
                    .setLayers(784, 256, 256, 10)
                    .setActivations("relu", "relu", "softmax")
                    .setOptimizer("adam").setLearningRate(0.001).setLrSchedule("cosine")
                    .setBatchSize(128).setEpochs(epochs).setSeed(42);
            Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scale, net});

            System.out.printf("PipelineExample: training %s on %,d MNIST rows (%s), %d epochs%n",
                    String.join("-", Arrays.stream(net.getLayers()).mapToObj(Integer::toString).toList()),
                    train.count(), dataDir, epochs);
            long t0 = System.nanoTime();
            PipelineModel model = pipeline.fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;

            MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
                    .setMetricName("accuracy");
            double accuracy = evaluator.evaluate(model.transform(test));
            DenseNetClassificationModel classifier = (DenseNetClassificationModel) model.stages()[1];
            System.out.printf("PipelineExample: fit in %.1fs (train accuracy %.2f%%); test accuracy %.2f%% on %,d rows%n",
                    seconds, 100 * (Double) classifier.trainingMetrics().get("trainAccuracy"), 100 * accuracy,
                    test.count());

            String pipelineDir = out + "/pipeline";
            String modelDir = out + "/model";
            model.write().overwrite().save(pipelineDir);
            classifier.write().overwrite().save(modelDir);
            System.out.println("PipelineExample: saved the PipelineModel to " + pipelineDir
                    + " (PipelineModel.load) and the classifier to " + modelDir);
            System.out.println("PipelineExample: score it with: scripts/dpnet evaluate --model " + modelDir
                    + " --data " + dataDir + " --out " + out + "/eval.json");
        } finally {
            spark.stop();
        }
    }
}
