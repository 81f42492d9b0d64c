package io.dpnet.optim;

import io.dpnet.nn.embed.SparseRowGradient;

/** {@link Sgd} on the touched rows: {@code E[id] ← E[id] − η·g[id]}; exactly dense SGD, which moves no untouched row either. */
public final class SparseSgd extends AbstractSparseRowOptimizer {
    public SparseSgd(int tableRows, int dim) {
        super(tableRows, dim, 0);
    }

    @Override
    public void step(float[] table, SparseRowGradient grad, float learningRate) {
        check(table, grad, learningRate);
        float[] g = grad.valueArray();
        for (int i = 0; i < grad.count(); i++) {
            int p = grad.id(i) * dim;
            int s = i * dim;
            for (int j = 0; j < dim; j++) {
                table[p + j] -= learningRate * g[s + j];
            }
        }
        step++;
    }

    @Override
    public String name() {
        return Sgd.NAME;
    }
}
