package io.dpnet.spark.train;

/**
 * A full copy of the embedding tables at one version: what an executor without a current
 * replica (new, restarted, evicted) starts from before applying the deltas since.
 */
public final class TableSnapshot implements java.io.Serializable {
    // Kryo in dpnet's own jobs; Java serialization where a user's session (Pipeline API) keeps Spark's default.
    private static final long serialVersionUID = 1L;
    long version;
    float[][] tables;

    /** For Kryo. */
    TableSnapshot() {
    }

    /** Deep-copies {@code tables}: the driver keeps updating its own arrays in place. */
    static TableSnapshot of(long version, float[][] tables) {
        TableSnapshot s = new TableSnapshot();
        s.version = version;
        s.tables = new float[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            s.tables[t] = tables[t].clone();
        }
        return s;
    }

    long payloadBytes() {
        long b = 0;
        for (float[] t : tables) {
            b += 4L * t.length;
        }
        return b;
    }
}
