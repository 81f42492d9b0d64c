package io.dpnet.spark.input;

/**
 * One DataFrame row on its way into a {@link TabularShard}, as read (not yet validated, so that
 * the error can name the row's global index): numeric values, then categorical ids, then the
 * label and the weight, as doubles (null → NaN); the token ids as doubles ({@code tokensNull}
 * when the array itself is null). Exists only during the one shuffle that builds the shards.
 */
final class TabularRecord implements java.io.Serializable {
    // Kryo in dpnet's own jobs; Java serialization where a user's session (Pipeline API) keeps Spark's default.
    private static final long serialVersionUID = 1L;
    double[] values;
    double[] tokens;
    boolean tokensNull;

    /** For Kryo. */
    TabularRecord() {
    }

    TabularRecord(double[] values, double[] tokens, boolean tokensNull) {
        this.values = values;
        this.tokens = tokens;
        this.tokensNull = tokensNull;
    }
}
