package io.dpnet.optim;

import io.dpnet.nn.embed.SparseRowGradient;

/**
 * {@link Adam} on the touched rows only: their moments and values get exactly the dense
 * update; untouched rows keep their moments undecayed and do not move. Bias correction uses
 * the global step count (see {@link SparseRowOptimizer}).
 */
public final class LazyAdam extends AbstractSparseRowOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public LazyAdam(int tableRows, int dim, float beta1, float beta2, float epsilon) {
        super(tableRows, dim, 2);
        // The dense constructor's checks and messages, for the same hyper-parameters.
        new Adam(1, beta1, beta2, epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void step(float[] table, SparseRowGradient grad, float learningRate) {
        check(table, grad, learningRate);
        long t = step + 1;
        // Same expressions, in the same order, as Adam.step: the bit-for-bit test depends on it.
        float invBc1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
        float invBc2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        float b1 = beta1;
        float b2 = beta2;
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        float eps = epsilon;
        float[] m = slot(0);
        float[] v = slot(1);
        float[] gv = grad.valueArray();
        for (int r = 0; r < grad.count(); r++) {
            int p = grad.id(r) * dim;
            int s = r * dim;
            for (int j = 0; j < dim; j++) {
                int i = p + j;
                float g = gv[s + j];
                float mi = b1 * m[i] + c1 * g;
                float vi = b2 * v[i] + c2 * g * g;
                m[i] = mi;
                v[i] = vi;
                float mHat = mi * invBc1;
                float vHat = vi * invBc2;
                table[i] -= learningRate * mHat / ((float) Math.sqrt(vHat) + eps);
            }
        }
        step = t;
    }

    @Override
    public String name() {
        return Adam.NAME;
    }
}
