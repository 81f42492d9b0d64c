package io.dpnet.optim;

import io.dpnet.nn.ModelSpec;

/** L2 regularization applied to the gradient before {@link Optimizer#step}. */
public final class WeightDecay {
    private WeightDecay() {
    }

    /**
     * Adds {@code λ·W} to {@code grad} for every layer's weight matrix, in place; biases are left
     * alone (decaying them only hurts). A {@code λ} of zero is a no-op.
     *
     * @throws IllegalArgumentException if {@code λ} is negative or not finite, or if an array's
     *     length is not {@code spec.paramCount()}
     */
    public static void addL2(float[] params, float[] grad, float lambda, ModelSpec spec) {
        if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("weightDecay must be a non-negative number, got " + lambda);
        }
        if (params.length != spec.paramCount() || grad.length != spec.paramCount()) {
            throw new IllegalArgumentException("model has " + spec.paramCount() + " parameters, got params of "
                    + params.length + " and a gradient of " + grad.length);
        }
        if (lambda == 0f) {
            return;
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            int off = spec.weightOffset(l);
            int end = off + spec.layer(l).weightCount();
            for (int i = off; i < end; i++) {
                grad[i] += lambda * params[i];
            }
        }
    }
}
