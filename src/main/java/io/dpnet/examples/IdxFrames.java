package io.dpnet.examples;

import io.dpnet.data.IdxDataset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The first rows of an IDX image/label pair (MNIST's format) as a DataFrame with a
 * {@code features} vector column (pixels scaled to [0, 1], exactly as {@code dpnet train} scales
 * them) and a double {@code label} column.
 *
 * <p>It reads on the driver, which suits the examples' few thousand rows; for whole datasets the
 * CLI reads IDX files on the executors.
 */
public final class IdxFrames {
    private IdxFrames() {
    }

    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("features", SQLDataTypes.VectorType(), false),
            DataTypes.createStructField("label", DataTypes.DoubleType, false)));

    /**
     * @param limit at most this many rows (the first ones); the file's count if larger
     * @param classes labels must be below this
     */
    public static Dataset<Row> read(SparkSession spark, String images, String labels, int classes, int limit)
            throws IOException {
        var hadoop = spark.sparkContext().hadoopConfiguration();
        IdxDataset idx = IdxDataset.open(hadoop, images, labels, classes);
        int n = Math.min(limit, idx.count());
        int f = idx.features();
        float[] x = new float[n * f];
        int[] y = new int[n];
        idx.read(hadoop, 0, n, x, 0, y, 0);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = new double[f];
            for (int j = 0; j < f; j++) {
                v[j] = x[i * f + j];
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) y[i]));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
