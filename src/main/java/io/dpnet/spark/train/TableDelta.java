package io.dpnet.spark.train;

import io.dpnet.nn.embed.SparseRowGradient;

/**
 * The embedding rows one driver update changed, with their new values: applying it to tables
 * at {@code version − 1} gives the tables at {@code version} exactly (values, not increments, so
 * applying it is a copy and no rounding can creep in). Table {@code t}'s rows are
 * {@code ids[t]}, their values {@code rows[t]} ({@code ids[t].length × dim}, row-major).
 */
public final class TableDelta implements java.io.Serializable {
    // Kryo in dpnet's own jobs; Java serialization where a user's session (Pipeline API) keeps Spark's default.
    private static final long serialVersionUID = 1L;
    long version;
    int[][] ids;
    float[][] rows;

    /** For Kryo. */
    TableDelta() {
    }

    /** The rows {@code touched} names (a step's merged gradient), read from the updated {@code tables}. */
    static TableDelta of(long version, float[][] tables, SparseRowGradient[] touched) {
        TableDelta d = new TableDelta();
        d.version = version;
        d.ids = new int[tables.length][];
        d.rows = new float[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            int dim = touched[t].dim();
            int[] ids = touched[t].ids();
            float[] rows = new float[ids.length * dim];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(tables[t], ids[i] * dim, rows, i * dim, dim);
            }
            d.ids[t] = ids;
            d.rows[t] = rows;
        }
        return d;
    }

    /** Writes the rows into {@code tables} (which must be at {@code version − 1}). */
    void applyTo(float[][] tables) {
        for (int t = 0; t < tables.length; t++) {
            int[] ids = this.ids[t];
            int dim = ids.length == 0 ? 0 : rows[t].length / ids.length;
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(rows[t], i * dim, tables[t], ids[i] * dim, dim);
            }
        }
    }

    /** Payload bytes: 4 per id and 4 per value. */
    long payloadBytes() {
        long b = 0;
        for (int t = 0; t < ids.length; t++) {
            b += 4L * ids[t].length + 4L * rows[t].length;
        }
        return b;
    }
}
