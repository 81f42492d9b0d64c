package io.dpnet.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A small separable classification problem as a DataFrame of raw numeric columns
 * {@code x0..x(d-1)} and a {@code label}: each class is a Gaussian blob (σ = 1) around a seeded
 * random centre far from the others, offset and scaled unevenly per column so that
 * standardizing the features matters.
 */
final class Blobs {
    private Blobs() {
    }

    static Dataset<Row> frame(SparkSession spark, int rows, int dims, int classes, long seed) {
        Random centres = new Random(99);  // the same centres for every seed: train and test agree
        double[][] centre = new double[classes][dims];
        for (double[] c : centre) {
            for (int j = 0; j < dims; j++) {
                c[j] = centres.nextGaussian() * 4;
            }
        }
        Random rng = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int label = rng.nextInt(classes);
            Object[] values = new Object[dims + 1];
            for (int j = 0; j < dims; j++) {
                // Column j lives around 100·j with spread 1 + j: raw scales differ a lot.
                values[j] = 100.0 * j + (1 + j) * (centre[label][j] + rng.nextGaussian());
            }
            values[dims] = (double) label;
            out.add(RowFactory.create(values));
        }
        return spark.createDataFrame(out, schema(dims));
    }

    static String[] columns(int dims) {
        String[] names = new String[dims];
        for (int j = 0; j < dims; j++) {
            names[j] = "x" + j;
        }
        return names;
    }

    private static StructType schema(int dims) {
        List<StructField> fields = new ArrayList<>();
        for (String name : columns(dims)) {
            fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        return DataTypes.createStructType(fields);
    }
}
