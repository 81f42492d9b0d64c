package io.dpnet.optim;

import io.dpnet.nn.embed.SparseRowGradient;

/**
 * {@link Momentum} on the touched rows only (see {@link SparseRowOptimizer} for what that means
 * for untouched rows): per touched coordinate, the same arithmetic as the dense rule.
 */
public final class LazyMomentum extends AbstractSparseRowOptimizer {
    private final float momentum;
    private final boolean nesterov;

    public LazyMomentum(int tableRows, int dim, float momentum, boolean nesterov) {
        super(tableRows, dim, 1);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(float[] table, SparseRowGradient grad, float learningRate) {
        check(table, grad, learningRate);
        float[] v = slot(0);
        float[] gv = grad.valueArray();
        float mu = momentum;
        for (int r = 0; r < grad.count(); r++) {
            int p = grad.id(r) * dim;
            int s = r * dim;
            for (int j = 0; j < dim; j++) {
                int i = p + j;
                float g = gv[s + j];
                float vi = mu * v[i] + g;
                v[i] = vi;
                table[i] -= nesterov ? learningRate * (g + mu * vi) : learningRate * vi;
            }
        }
        step++;
    }

    @Override
    public String name() {
        return Momentum.NAME;
    }
}
