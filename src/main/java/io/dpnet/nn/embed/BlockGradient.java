package io.dpnet.nn.embed;

import io.dpnet.nn.LossSum;

/**
 * What a partition sums for one step of a block network: the dense stack's gradient (a full
 * flat vector, as today), one {@link SparseRowGradient} per embedding table, and the weighted
 * loss and weight total. {@link #merge} is the future treeAggregate combiner; the driver
 * divides both gradients by {@link #lossSum()}{@code .weight()}.
 */
public final class BlockGradient implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] dense;
    private final SparseRowGradient[] tables;
    private LossSum lossSum = LossSum.ZERO;

    public BlockGradient(int denseParams, InputBlockSpec spec) {
        dense = new float[denseParams];
        tables = new SparseRowGradient[spec.tableCount()];
        for (int t = 0; t < tables.length; t++) {
            tables[t] = new SparseRowGradient(spec.dim(t));
        }
    }

    public float[] dense() {
        return dense;
    }

    public SparseRowGradient table(int t) {
        return tables[t];
    }

    SparseRowGradient[] tables() {
        return tables;
    }

    public LossSum lossSum() {
        return lossSum;
    }

    void addLoss(LossSum s) {
        lossSum = lossSum.plus(s);
    }

    /** Zeroes everything, keeping the buffers. */
    public void clear() {
        java.util.Arrays.fill(dense, 0f);
        for (SparseRowGradient g : tables) {
            g.clear();
        }
        lossSum = LossSum.ZERO;
    }

    /** This += other (dense coordinate-wise, sparse by {@link SparseRowGradient#add}); returns this. */
    public BlockGradient merge(BlockGradient other) {
        if (other.dense.length != dense.length || other.tables.length != tables.length) {
            throw new IllegalArgumentException("cannot merge gradients of different models");
        }
        for (int i = 0; i < dense.length; i++) {
            dense[i] += other.dense[i];
        }
        for (int t = 0; t < tables.length; t++) {
            tables[t].add(other.tables[t]);
        }
        lossSum = lossSum.plus(other.lossSum);
        return this;
    }
}
