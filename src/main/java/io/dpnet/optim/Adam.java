package io.dpnet.optim;

/**
 * Adam (Kingma &amp; Ba), standard bias-corrected form:
 * {@code m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; m̂ = m/(1−β1^t); v̂ = v/(1−β2^t);
 * W ← W − η·m̂/(√v̂ + ε)}. State: {@code m}, {@code v} and the step count {@code t}.
 */
public final class Adam extends AbstractOptimizer {
    public static final String NAME = "adam";

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Adam(int paramCount, float beta1, float beta2, float epsilon) {
        super(paramCount, 2);
        checkHyperParameters(beta1, beta2, epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** Shared with {@link Lamb}, which uses the same moments. */
    static void checkHyperParameters(float beta1, float beta2, float epsilon) {
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive number, got " + epsilon);
        }
    }

    @Override
    public void step(float[] params, float[] grad, float learningRate) {
        check(params, grad, learningRate);
        long t = step + 1;
        float invBc1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
        float invBc2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        float b1 = beta1;
        float b2 = beta2;
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        float eps = epsilon;
        float[] m = slot(0);
        float[] v = slot(1);
        for (int i = 0; i < paramCount; i++) {
            float g = grad[i];
            float mi = b1 * m[i] + c1 * g;
            float vi = b2 * v[i] + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float mHat = mi * invBc1;
            float vHat = vi * invBc2;
            params[i] -= learningRate * mHat / ((float) Math.sqrt(vHat) + eps);
        }
        step = t;
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return NAME;
    }
}
