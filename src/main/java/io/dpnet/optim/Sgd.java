package io.dpnet.optim;

/** Plain gradient descent, the notebook's rule: {@code W ← W − η·g}. Stateless but for the step count. */
public final class Sgd extends AbstractOptimizer {
    public static final String NAME = "sgd";

    public Sgd(int paramCount) {
        super(paramCount, 0);
    }

    @Override
    public void step(float[] params, float[] grad, float learningRate) {
        check(params, grad, learningRate);
        for (int i = 0; i < paramCount; i++) {
            params[i] -= learningRate * grad[i];
        }
        step++;
    }

    @Override
    public String name() {
        return NAME;
    }
}
