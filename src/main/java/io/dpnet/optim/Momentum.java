package io.dpnet.optim;

/**
 * Heavy-ball momentum: {@code v ← μ·v + g; W ← W − η·v}, or with Nesterov's look-ahead
 * {@code W ← W − η·(g + μ·v)} (using the updated {@code v}). State: the velocity {@code v}.
 */
public final class Momentum extends AbstractOptimizer {
    public static final String NAME = "momentum";

    private final float momentum;
    private final boolean nesterov;

    public Momentum(int paramCount, float momentum, boolean nesterov) {
        super(paramCount, 1);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(float[] params, float[] grad, float learningRate) {
        check(params, grad, learningRate);
        float[] v = slot(0);
        float mu = momentum;
        if (nesterov) {
            for (int i = 0; i < paramCount; i++) {
                float g = grad[i];
                float vi = mu * v[i] + g;
                v[i] = vi;
                params[i] -= learningRate * (g + mu * vi);
            }
        } else {
            for (int i = 0; i < paramCount; i++) {
                float vi = mu * v[i] + grad[i];
                v[i] = vi;
                params[i] -= learningRate * vi;
            }
        }
        step++;
    }

    public float momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return NAME;
    }
}
