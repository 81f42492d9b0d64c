package io.dpnet.nn.embed;

import java.util.Random;

/**
 * The embedding tables of an {@link InputBlockSpec}, one row-major {@code rows × dim} float
 * array per table (numbered as in the spec), kept apart from the dense stack's flat vector so a
 * future broadcast can ship and version each table on its own.
 */
public final class EmbeddingTables {
    private final InputBlockSpec spec;
    private final float[][] tables;

    /** Wraps existing arrays (not copied), checking their sizes against the spec. */
    public EmbeddingTables(InputBlockSpec spec, float[][] tables) {
        if (tables.length != spec.tableCount()) {
            throw new IllegalArgumentException("the input block has " + spec.tableCount() + " tables, got "
                    + tables.length + " arrays");
        }
        for (int t = 0; t < tables.length; t++) {
            long expected = (long) spec.tableRows(t) * spec.dim(t);
            if (tables[t] == null || tables[t].length != expected) {
                throw new IllegalArgumentException("table '" + spec.tableName(t) + "' needs " + spec.tableRows(t)
                        + " × " + spec.dim(t) + " = " + expected + " floats, got "
                        + (tables[t] == null ? "none" : String.valueOf(tables[t].length)));
            }
        }
        this.spec = spec;
        this.tables = tables;
    }

    /**
     * Fresh tables: every entry drawn from {@code N(0, 1/dim)}, so an embedding vector has
     * expected squared length 1 — the scale of one standardized numeric feature — whatever its
     * dimension, and the first dense layer's He/Xavier init sees inputs of comparable size.
     * Table {@code t} uses its own {@link Random} seeded from {@code (seed, t)} (a SplitMix64
     * mix), so a table's values depend only on the seed and its index: not on the other tables,
     * the partition count or where it is computed (the driver initializes, executors receive).
     */
    public static EmbeddingTables initialize(InputBlockSpec spec, long seed) {
        float[][] tables = new float[spec.tableCount()][];
        for (int t = 0; t < tables.length; t++) {
            float[] table = new float[spec.tableRows(t) * spec.dim(t)];
            double sd = 1.0 / Math.sqrt(spec.dim(t));
            Random rng = new Random(tableSeed(seed, t));
            for (int i = 0; i < table.length; i++) {
                table[i] = (float) (rng.nextGaussian() * sd);
            }
            tables[t] = table;
        }
        return new EmbeddingTables(spec, tables);
    }

    /** SplitMix64's finalizer over {@code seed + (t + 1)·φ}: unrelated streams for neighbouring tables. */
    static long tableSeed(long seed, int table) {
        long z = seed + (table + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public InputBlockSpec spec() {
        return spec;
    }

    /** The backing array of table {@code t} (not a copy). */
    public float[] table(int t) {
        return tables[t];
    }

    public int count() {
        return tables.length;
    }

    /** A deep copy (for tests and checkpoints). */
    public EmbeddingTables copy() {
        float[][] c = new float[tables.length][];
        for (int t = 0; t < c.length; t++) {
            c[t] = tables[t].clone();
        }
        return new EmbeddingTables(spec, c);
    }
}
