package io.dpnet.spark.input;

import io.dpnet.data.IdxDataset;
import java.util.Arrays;

/**
 * One partition's slice of a dataset: samples {@code [start, start + count)} of the global order
 * plus their labels, in ONE of three compact layouts — never one object per sample:
 * <ul>
 *   <li><b>pixels</b>: {@code count × features} unsigned bytes (IDX images). A cached MNIST
 *       training set costs its raw size (47 MB, not 188 MB of floats); rows become floats
 *       ({@code pixel/255f}, exactly what the float path produced) only when a batch gathers them.</li>
 *   <li><b>dense</b>: {@code count × features} floats, row-major.</li>
 *   <li><b>sparse</b>: compressed sparse rows (row pointers, column indices, values), for LIBSVM-like
 *       inputs, so a sparse dataset is never densified as a whole: only the rows of one batch are.</li>
 * </ul>
 * Consumers read rows through {@link #copyRows}, which writes dense floats into a reused buffer.
 */
public final class Shard {
    private int start;
    private int count;
    private int features;
    /** Labels: {@code y}, or for IDX shards {@code y8} (IDX labels are unsigned bytes) — one is null. */
    private int[] y;
    private byte[] y8;
    private byte[] pixels;
    private float[] dense;
    private int[] rowPtr;
    private int[] cols;
    private float[] vals;

    /** For Kryo. */
    @SuppressWarnings("unused")
    private Shard() {
    }

    /** A dense shard: {@code x} holds {@code count × features} floats, row-major. */
    public Shard(int start, int count, int features, float[] x, int[] y) {
        this(start, count, features, y);
        check(x.length == (long) count * features, "dense block of " + x.length + " floats for " + count + "x"
                + features);
        this.dense = x;
    }

    private Shard(int start, int count, int features, int[] y) {
        check(y == null || y.length == count, "labels for " + count + " samples");
        this.start = start;
        this.count = count;
        this.features = features;
        this.y = y;
    }

    /**
     * A shard of 8-bit pixels, each standing for {@code pixel/255f} (see {@link IdxDataset#pixelValue}),
     * and unsigned 8-bit labels: together exactly the IDX files' size.
     */
    public static Shard ofPixels(int start, int count, int features, byte[] pixels, byte[] labels) {
        Shard s = new Shard(start, count, features, null);
        check(pixels.length == (long) count * features, pixels.length + " pixels for " + count + "x" + features);
        check(labels.length == count, labels.length + " labels for " + count + " samples");
        s.pixels = pixels;
        s.y8 = labels;
        return s;
    }

    /**
     * A CSR shard: row {@code r}'s non-zeros are {@code cols/vals[rowPtr[r] .. rowPtr[r+1])}, column
     * indices 0-based and below {@code features}.
     */
    public static Shard ofSparse(int start, int count, int features, int[] rowPtr, int[] cols, float[] vals,
                                 int[] y) {
        Shard s = new Shard(start, count, features, y);
        check(rowPtr.length == count + 1 && rowPtr[0] == 0 && rowPtr[count] <= cols.length
                && cols.length == vals.length, "inconsistent CSR arrays");
        s.rowPtr = rowPtr;
        s.cols = cols;
        s.vals = vals;
        return s;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("Shard: " + what);
        }
    }

    public int start() {
        return start;
    }

    public int count() {
        return count;
    }

    public int features() {
        return features;
    }

    /** The label of local row {@code local}. */
    public int label(int local) {
        return y != null ? y[local] : y8[local] & 0xFF;
    }

    /** Writes the labels of local rows {@code [first, first + rows)} to {@code dst} from {@code dstOffset}. */
    public void copyLabels(int first, int rows, int[] dst, int dstOffset) {
        if (y != null) {
            System.arraycopy(y, first, dst, dstOffset, rows);
        } else {
            for (int i = 0; i < rows; i++) {
                dst[dstOffset + i] = y8[first + i] & 0xFF;
            }
        }
    }

    /** Whether this shard holds global sample {@code index}. */
    public boolean holds(long index) {
        return index >= start && index < (long) start + count;
    }

    /**
     * Writes local rows {@code [first, first + rows)} as dense floats to {@code dst} from {@code
     * dstOffset} ({@code rows × features} values). Allocation-free: this runs in the hot loop.
     */
    public void copyRows(int first, int rows, float[] dst, int dstOffset) {
        int n = rows * features;
        if (dense != null) {
            System.arraycopy(dense, first * features, dst, dstOffset, n);
        } else if (pixels != null) {
            int src = first * features;
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = IdxDataset.pixelValue(pixels[src + i] & 0xFF);
            }
        } else {
            Arrays.fill(dst, dstOffset, dstOffset + n, 0f);
            for (int r = 0; r < rows; r++) {
                int base = dstOffset + r * features;
                for (int k = rowPtr[first + r], end = rowPtr[first + r + 1]; k < end; k++) {
                    dst[base + cols[k]] = vals[k];
                }
            }
        }
    }

    /** Bytes of sample data this shard keeps in memory (features and labels, not object headers). */
    public long sizeInBytes() {
        long labels = y != null ? 4L * y.length : y8.length;
        if (dense != null) {
            return labels + 4L * dense.length;
        }
        if (pixels != null) {
            return labels + pixels.length;
        }
        return labels + 4L * rowPtr.length + 8L * rowPtr[count];
    }

    /** "pixels", "dense" or "sparse": the layout, for logs and tests. */
    public String layout() {
        return dense != null ? "dense" : pixels != null ? "pixels" : "sparse";
    }
}
