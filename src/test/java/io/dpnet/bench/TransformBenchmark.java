package io.dpnet.bench;

import io.dpnet.data.IdxLayout;
import io.dpnet.examples.IdxFrames;
import io.dpnet.ml.DenseNetClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Times DenseNetClassificationModel.transform on the MNIST test set (10,000 rows):
 * {@code TransformBenchmark MODEL_DIR [DATA_DIR] [ROUNDS]}. Each round forces every output
 * column (a sum over prediction and the probability vectors), so no column is pruned away.
 */
public final class TransformBenchmark {
    private TransformBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String modelDir = args[0];
        String dataDir = args.length > 1 ? args[1] : "data/mnist";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("transform-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            var hadoop = spark.sparkContext().hadoopConfiguration();
            Dataset<Row> test = IdxFrames.features(spark, IdxLayout.images(hadoop, dataDir, "test"),
                    IdxLayout.labels(hadoop, dataDir, "test"), 10, Integer.MAX_VALUE).repartition(2).cache();
            long rows = test.count();
            DenseNetClassificationModel model = DenseNetClassificationModel.load(modelDir);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                Row sums = model.transform(test)
                        .agg(functions.sum("prediction"), functions.sum(
                                org.apache.spark.ml.functions.vector_to_array(functions.col("probability"), "float64")
                                        .getItem(0))).first();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d: %,d rows in %.3fs = %,.0f rows/s (check %s)%n", r + 1, rows, s,
                        rows / s, sums);
            }
        } finally {
            spark.stop();
        }
    }
}
