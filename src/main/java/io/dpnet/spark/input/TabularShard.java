package io.dpnet.spark.input;

import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;

/**
 * One partition's rows of a tabular data set, column-blocked — nothing exists per row: rows
 * {@code [start, start + count)} of the global order, with
 * <ul>
 *   <li>{@code numeric}: {@code count × numericCount} floats, row-major;</li>
 *   <li>{@code categorical[c]}: the ids of categorical column {@code c}, one {@code int[count]};</li>
 *   <li>the token bags in CSR form: row {@code r}'s ids are {@code bagIds[bagOffsets[r] ..
 *       bagOffsets[r + 1])} (both null without a tokens column);</li>
 *   <li>{@code targets}: the label per row (a class index, exact as a float below 2²⁴, or a
 *       regression target);</li>
 *   <li>{@code weights}: the sample weight per row, or null when every weight is 1.</li>
 * </ul>
 * The layout is {@link InputRows}'s, so a shard's rows can be looked at as one (see
 * {@link #inputRows}). Plain fields and a no-argument constructor: Kryo writes it field by field.
 */
public final class TabularShard implements java.io.Serializable {
    // Kryo in dpnet's own jobs; Java serialization where a user's session (Pipeline API) keeps Spark's default.
    private static final long serialVersionUID = 1L;
    private int start;
    private int count;
    private int numericCount;
    private float[] numeric;
    private int[][] categorical;
    private int[] bagOffsets;
    private int[] bagIds;
    private float[] targets;
    private float[] weights;

    /** For Kryo. */
    @SuppressWarnings("unused")
    private TabularShard() {
    }

    /** Checks the arrays' sizes against each other; the arrays are kept, not copied. */
    public TabularShard(int start, int count, int numericCount, float[] numeric, int[][] categorical,
                        int[] bagOffsets, int[] bagIds, float[] targets, float[] weights) {
        check(start >= 0 && count >= 0, "start " + start + " and count " + count + " must be >= 0");
        check(numeric != null && numeric.length == (long) count * numericCount,
                "numeric block of " + (numeric == null ? "no" : String.valueOf(numeric.length)) + " floats for "
                        + count + " rows × " + numericCount);
        check(categorical != null, "categorical columns are required (an empty array for none)");
        for (int c = 0; c < categorical.length; c++) {
            check(categorical[c] != null && categorical[c].length == count, "categorical column " + c + " must hold "
                    + count + " ids");
        }
        check((bagOffsets == null) == (bagIds == null), "bag offsets and ids come together");
        check(bagOffsets == null || (bagOffsets.length == count + 1 && bagOffsets[0] == 0
                && bagOffsets[count] <= bagIds.length), "inconsistent bag offsets");
        check(targets != null && targets.length == count, "one target per row");
        check(weights == null || weights.length == count, "one weight per row (or none)");
        this.start = start;
        this.count = count;
        this.numericCount = numericCount;
        this.numeric = numeric;
        this.categorical = categorical;
        this.bagOffsets = bagOffsets;
        this.bagIds = bagIds;
        this.targets = targets;
        this.weights = weights;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("TabularShard: " + what);
        }
    }

    /** First global row index held. */
    public int start() {
        return start;
    }

    public int count() {
        return count;
    }

    /** Whether this shard holds global row {@code index}. */
    public boolean holds(long index) {
        return index >= start && index < (long) start + count;
    }

    public int numericCount() {
        return numericCount;
    }

    /** {@code count × numericCount} floats, row-major (the backing array). */
    public float[] numeric() {
        return numeric;
    }

    public int categoricalCount() {
        return categorical.length;
    }

    /** Ids of categorical column {@code c} (the backing array). */
    public int[] categorical(int c) {
        return categorical[c];
    }

    public boolean hasBags() {
        return bagOffsets != null;
    }

    /** {@code count + 1} CSR offsets into {@link #bagIds()}, or null. */
    public int[] bagOffsets() {
        return bagOffsets;
    }

    /** Token ids of every row's bag, back to back, or null. */
    public int[] bagIds() {
        return bagIds;
    }

    /** Label (class index) or regression target per row. */
    public float[] targets() {
        return targets;
    }

    /** Sample weight per row, or null for all 1. */
    public float[] weights() {
        return weights;
    }

    /** The shard's rows as {@link InputRows} of {@code spec} (wrapping, not copying, the arrays). */
    public InputRows inputRows(InputBlockSpec spec) {
        InputRows.Builder b = InputRows.builder(spec, count).numeric(numeric).categorical(categorical);
        if (bagOffsets != null) {
            b.bags(bagOffsets, bagIds);
        }
        return b.build();
    }

    /** Bytes of row data held (arrays' payload, not object headers). */
    public long sizeInBytes() {
        long bytes = 4L * numeric.length + 4L * targets.length + (weights == null ? 0 : 4L * weights.length);
        for (int[] ids : categorical) {
            bytes += 4L * ids.length;
        }
        if (bagOffsets != null) {
            bytes += 4L * bagOffsets.length + 4L * bagOffsets[count];
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "TabularShard[rows " + start + ".." + ((long) start + count) + ", " + numericCount + " numeric, "
                + categorical.length + " categorical" + (bagOffsets == null ? "" : ", " + bagOffsets[count] + " tokens")
                + (weights == null ? "" : ", weighted") + "]";
    }
}
