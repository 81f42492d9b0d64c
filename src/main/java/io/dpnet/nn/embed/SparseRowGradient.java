package io.dpnet.nn.embed;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The gradient of one embedding table restricted to the rows a batch touched: {@link #count()}
 * strictly increasing row ids and, for the i-th of them, {@code dim} floats at
 * {@code values[i·dim]} — one contiguous block, no per-row objects. Untouched rows are exactly
 * zero and absent.
 *
 * <h2>Order and bit-exactness</h2>
 * Every value is built by float additions onto +0, so each coordinate of a touched row is
 * the same float a dense {@code table-sized} gradient would hold after the same additions
 * in the same order (absent rows stand for the +0 the dense array holds):
 * <ul>
 *   <li>Within one part (a partition), {@link InputBlock#backward} folds contributions into
 *       the running sum in row order, then token order: {@code ((g + c₁) + c₂) + …}. So how a
 *       part's rows are chunked into batches does not change a bit.</li>
 *   <li>{@link #add} adds the other part's row onto this one's, coordinate by coordinate —
 *       the very addition a dense merge does, so merging sparse parts is bit-identical to
 *       merging the dense equivalents in the same order, however the touched rows are spread
 *       over the parts. Float addition is commutative, so {@code a.add(b)} and
 *       {@code b.add(a)} agree bit for bit; it is not associative, so a different grouping
 *       ({@code (a+b)+c} vs {@code a+(b+c)}) may differ in the last bits.</li>
 * </ul>
 * Results are therefore independent of the partition count exactly as far as the dense path's
 * are: bit for bit when the same parts are merged in the same grouping (one or two parts:
 * always), otherwise up to float rounding.
 *
 * <p>Buffers grow geometrically and are then reused: {@link #clear()} keeps them, so steady
 * state allocates nothing. Not thread-safe. Java serialization writes only the used part.
 */
public final class SparseRowGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int dim;
    private transient int count;
    private transient int[] ids;
    private transient float[] values;
    /** The other half of a ping-pong pair: merges write here, then swap. */
    private transient int[] spareIds;
    private transient float[] spareValues;

    public SparseRowGradient(int dim) {
        this(dim, 16);
    }

    public SparseRowGradient(int dim, int initialRows) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dim must be positive, got " + dim);
        }
        this.dim = dim;
        allocate(Math.max(1, initialRows));
    }

    private void allocate(int rows) {
        ids = new int[rows];
        values = new float[rows * dim];
        spareIds = new int[rows];
        spareValues = new float[rows * dim];
    }

    public int dim() {
        return dim;
    }

    /** Touched rows. */
    public int count() {
        return count;
    }

    /** The i-th touched row id (ascending in i). */
    public int id(int i) {
        return ids[i];
    }

    /** The backing id array: entries {@code [0, count())} are valid. Do not modify. */
    public int[] idArray() {
        return ids;
    }

    /** The backing value block: entries {@code [0, count()·dim)} are valid; modify in place only. */
    public float[] valueArray() {
        return values;
    }

    /** The used ids, copied. */
    public int[] ids() {
        return Arrays.copyOf(ids, count);
    }

    /** The used values, copied. */
    public float[] values() {
        return Arrays.copyOf(values, count * dim);
    }

    /** Forgets every row, keeping the buffers. */
    public void clear() {
        count = 0;
    }

    /**
     * Appends row {@code id} with {@code dim} values from {@code src[srcOff]} (e.g. decoding a
     * gradient sent by another process); ids must come in strictly increasing order.
     */
    public void appendRow(int id, float[] src, int srcOff) {
        if (id < 0 || (count > 0 && id <= ids[count - 1])) {
            throw new IllegalArgumentException("row " + id + " must be >= 0 and after the last row "
                    + (count > 0 ? ids[count - 1] : -1));
        }
        if (count == ids.length) {
            int capacity = count + (count >> 1) + 1;
            ids = Arrays.copyOf(ids, capacity);
            values = Arrays.copyOf(values, capacity * dim);
        }
        ids[count] = id;
        System.arraycopy(src, srcOff, values, count * dim, dim);
        count++;
    }

    /** Multiplies every value by {@code s} (e.g. {@code 1/Σw} at the driver). */
    public void scale(float s) {
        int n = count * dim;
        for (int i = 0; i < n; i++) {
            values[i] *= s;
        }
    }

    /** Adds every row into a dense {@code tableRows × dim} array (tests, dense comparisons). */
    public void addTo(float[] dense) {
        for (int i = 0; i < count; i++) {
            int d = ids[i] * dim;
            int s = i * dim;
            for (int j = 0; j < dim; j++) {
                dense[d + j] += values[s + j];
            }
        }
    }

    /**
     * This += {@code other}: rows of either, ascending; a row in both gets
     * {@code this[j] + other[j]} per coordinate. Returns this (a treeAggregate combiner).
     */
    public SparseRowGradient add(SparseRowGradient other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("cannot add a sparse gradient of dim " + other.dim + " to one of dim " + dim);
        }
        if (other.count == 0) {
            return this;
        }
        ensureSpare(count + other.count);
        int i = 0;
        int k = 0;
        int n = 0;
        int[] oIds = other.ids;
        float[] oVals = other.values;
        while (i < count || k < other.count) {
            int a = i < count ? ids[i] : Integer.MAX_VALUE;
            int b = k < other.count ? oIds[k] : Integer.MAX_VALUE;
            int dst = n * dim;
            if (a < b) {
                System.arraycopy(values, i * dim, spareValues, dst, dim);
                spareIds[n++] = a;
                i++;
            } else if (b < a) {
                System.arraycopy(oVals, k * dim, spareValues, dst, dim);
                spareIds[n++] = b;
                k++;
            } else {
                int sa = i * dim;
                int sb = k * dim;
                for (int j = 0; j < dim; j++) {
                    spareValues[dst + j] = values[sa + j] + oVals[sb + j];
                }
                spareIds[n++] = a;
                i++;
                k++;
            }
        }
        swap(n);
        return this;
    }

    /**
     * This += the contributions of one batch, listed in {@code occ}: occurrence {@code o} (in the
     * order the batch met them) adds {@code occ.scale[o] · src[occ.srcOffset[o] .. + dim)} to row
     * {@code id}. {@code occ.keys[0, n)} holds {@code (id << 32) | o}, sorted ascending — so each
     * row's occurrences come in batch order and the fold is {@code ((old + c₁) + c₂) + …}.
     */
    void foldIn(BlockWorkspace occ, int n, float[] src) {
        long[] keys = occ.keys;
        int[] srcOffset = occ.srcOffset;
        float[] scale = occ.scale;
        if (n == 0) {
            return;
        }
        int unique = 0;
        for (int o = 0; o < n; o++) {
            if (o == 0 || (keys[o] >>> 32) != (keys[o - 1] >>> 32)) {
                unique++;
            }
        }
        ensureSpare(count + unique);
        int i = 0;
        int k = 0;
        int out = 0;
        while (i < count || k < n) {
            long nextKey = k < n ? keys[k] >>> 32 : Long.MAX_VALUE;
            int dst = out * dim;
            if (i < count && ids[i] < nextKey) {
                System.arraycopy(values, i * dim, spareValues, dst, dim);
                spareIds[out++] = ids[i++];
                continue;
            }
            int id = (int) nextKey;
            if (i < count && ids[i] == id) {
                System.arraycopy(values, i * dim, spareValues, dst, dim);
                i++;
            } else {
                Arrays.fill(spareValues, dst, dst + dim, 0f);
            }
            for (; k < n && (keys[k] >>> 32) == id; k++) {
                int o = (int) keys[k];
                int s = srcOffset[o];
                float f = scale[o];
                for (int j = 0; j < dim; j++) {
                    spareValues[dst + j] += f * src[s + j];
                }
            }
            spareIds[out++] = id;
        }
        swap(out);
    }

    /** Makes the spare buffers hold {@code rows}; grows both halves so they stay the same size. */
    private void ensureSpare(int rows) {
        if (spareIds.length >= rows) {
            return;
        }
        int capacity = Math.max(rows, spareIds.length + (spareIds.length >> 1));
        spareIds = new int[capacity];
        spareValues = new float[capacity * dim];
        if (ids.length < capacity) {
            ids = Arrays.copyOf(ids, capacity);
            values = Arrays.copyOf(values, capacity * dim);
        }
    }

    private void swap(int n) {
        int[] ti = ids;
        ids = spareIds;
        spareIds = ti;
        float[] tv = values;
        values = spareValues;
        spareValues = tv;
        count = n;
    }

    /** Capacity in rows (for tests of buffer reuse). */
    int capacity() {
        return Math.min(ids.length, spareIds.length);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeInt(ids[i]);
        }
        for (int i = 0; i < count * dim; i++) {
            out.writeFloat(values[i]);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("sparse row gradient with " + n + " rows");
        }
        allocate(Math.max(1, n));
        for (int i = 0; i < n; i++) {
            ids[i] = in.readInt();
        }
        for (int i = 0; i < n * dim; i++) {
            values[i] = in.readFloat();
        }
        count = n;
    }

    @Override
    public String toString() {
        return "SparseRowGradient[" + count + " rows × " + dim + "]";
    }
}
