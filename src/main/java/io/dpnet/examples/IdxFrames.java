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
 * The first rows of an IDX image/label pair (MNIST's format) as a DataFrame with a double
 * {@code label} column and the pixels as a vector column, either
 * <ul>
 *   <li>{@link #features}: {@code features}, scaled to [0, 1] exactly as {@code dpnet train} and
 *       {@code dpnet evaluate} scale them, or</li>
 *   <li>{@link #pixels}: {@code pixels}, the raw 0..255 values, for a pipeline that does its own
 *       feature scaling.</li>
 * </ul>
 * Vectors are stored sparse or dense, whichever is smaller (most MNIST pixels are 0).
 *
 * <p>It reads on the driver, which suits the examples' few thousand rows; for whole datasets the
 * CLI reads IDX files on the executors.
 */
public final class IdxFrames {
    private IdxFrames() {
    }

    /** Pixels scaled to [0, 1] in column {@code features}. */
    public static Dataset<Row> features(SparkSession spark, String images, String labels, int classes, int limit)
            throws IOException {
        return read(spark, images, labels, classes, limit, "features", true);
    }

    /** Raw 0..255 pixel values in column {@code pixels}. */
    public static Dataset<Row> pixels(SparkSession spark, String images, String labels, int classes, int limit)
            throws IOException {
        return read(spark, images, labels, classes, limit, "pixels", false);
    }

    /**
     * @param limit at most this many rows (the first ones); the file's count if larger
     * @param classes labels must be below this
     */
    private static Dataset<Row> read(SparkSession spark, String images, String labels, int classes, int limit,
                                     String column, boolean scaled) throws IOException {
        var hadoop = spark.sparkContext().hadoopConfiguration();
        IdxDataset idx = IdxDataset.open(hadoop, images, labels, classes);
        int n = Math.min(limit, idx.count());
        int f = idx.features();
        byte[] pixels = new byte[n * f];
        byte[] y = new byte[n];
        idx.readBytes(hadoop, 0, n, pixels, y);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = new double[f];
            for (int j = 0; j < f; j++) {
                int b = pixels[i * f + j] & 0xFF;
                v[j] = scaled ? IdxDataset.pixelValue(b) : b;
            }
            rows.add(RowFactory.create(Vectors.dense(v).compressed(), (double) (y[i] & 0xFF)));
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField(column, SQLDataTypes.VectorType(), false),
                DataTypes.createStructField("label", DataTypes.DoubleType, false)));
        return spark.createDataFrame(rows, schema);
    }
}
