package io.dpnet.spark.input;

import java.io.Serializable;

/**
 * One DataFrame row in transit to its shard: the label and the feature vector's non-zeros.
 * It exists only while {@link DataFrameShards} redistributes rows (a shuffle), so it is compact
 * and registered with Kryo; it is {@link Serializable} too because a user's SparkSession (the ML
 * Pipeline API) may use Java serialization.
 */
public final class SampleRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The label as the DataFrame had it; NaN when it was null (reported with the row number). */
    double label;
    /** The vector's length; -1 when the features were null. */
    int size;
    /** 0-based indices of the non-zero features, ascending. */
    int[] indices;
    float[] values;

    /** For Kryo. */
    SampleRecord() {
    }

    SampleRecord(double label, int size, int[] indices, float[] values) {
        this.label = label;
        this.size = size;
        this.indices = indices;
        this.values = values;
    }
}
