package io.dpnet.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.dpnet.nn.embed.SparseRowGradient;

/**
 * Kryo form of a {@link SparseRowGradient}: dim, row count, the used ids and the used values —
 * never the spare capacity, so a gradient that touched 1 000 rows of a 10⁶-row table costs
 * {@code 8 + 4·1000·(1 + dim)} bytes (Kryo's field serializer would skip the transient buffers
 * entirely and lose the rows).
 */
final class SparseRowGradientSerializer extends Serializer<SparseRowGradient> {
    @Override
    public void write(Kryo kryo, Output out, SparseRowGradient g) {
        int n = g.count();
        out.writeInt(g.dim());
        out.writeInt(n);
        // Kryo 4 has no (array, offset, count) writes; element loops into its buffer are as fast.
        int[] ids = g.idArray();
        for (int i = 0; i < n; i++) {
            out.writeInt(ids[i]);
        }
        float[] values = g.valueArray();
        for (int i = 0, k = n * g.dim(); i < k; i++) {
            out.writeFloat(values[i]);
        }
    }

    @Override
    public SparseRowGradient read(Kryo kryo, Input in, Class<SparseRowGradient> type) {
        int dim = in.readInt();
        int n = in.readInt();
        int[] ids = in.readInts(n);
        float[] values = in.readFloats(n * dim);
        SparseRowGradient g = new SparseRowGradient(dim, Math.max(1, n));
        for (int i = 0; i < n; i++) {
            g.appendRow(ids[i], values, i * dim);
        }
        return g;
    }
}
