package io.dpnet.optim;

/**
 * LAMB (You et al., "Large Batch Optimization for Deep Learning", 2019): Adam's bias-corrected
 * direction, rescaled per layer so that each layer moves by a fixed fraction of its own norm.
 * For each segment (a weight matrix or a bias vector, see {@link LayerSegments}):
 * <pre>
 * m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  r = (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε)
 * trust = ‖W‖ / ‖r‖ when both norms are positive, else 1
 * W ← W − η·trust·r
 * </pre>
 * Why: at large batches (1k–4k) plain Adam with a scaled rate overshoots on layers whose update
 * is large relative to their weights; the trust ratio makes the rate a relative step per layer,
 * which keeps per-epoch accuracy with 4–8× fewer steps (fewer Spark jobs). Weight decay stays
 * dpnet's L2 on the gradient ({@link WeightDecay}), applied before the step, so it enters
 * {@code g} rather than {@code r}. State: {@code m}, {@code v}, the step count.
 */
public final class Lamb extends AbstractOptimizer {
    public static final String NAME = "lamb";

    private final LayerSegments segments;
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Lamb(LayerSegments segments, float beta1, float beta2, float epsilon) {
        super(segments.paramCount(), 2);
        Adam.checkHyperParameters(beta1, beta2, epsilon);
        this.segments = segments;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void step(float[] params, float[] grad, float learningRate) {
        check(params, grad, learningRate);
        long t = step + 1;
        float invBc1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
        float invBc2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        float[] m = slot(0);
        float[] v = slot(1);
        for (int s = 0; s < segments.count(); s++) {
            int from = segments.start(s);
            int to = segments.end(s);
            // Pass 1: moments and the two norms; pass 2 recomputes r instead of storing it.
            double wNorm2 = 0;
            double rNorm2 = 0;
            for (int i = from; i < to; i++) {
                float g = grad[i];
                float mi = beta1 * m[i] + (1f - beta1) * g;
                float vi = beta2 * v[i] + (1f - beta2) * g * g;
                m[i] = mi;
                v[i] = vi;
                float r = mi * invBc1 / ((float) Math.sqrt(vi * invBc2) + epsilon);
                wNorm2 += (double) params[i] * params[i];
                rNorm2 += (double) r * r;
            }
            float trust = wNorm2 > 0 && rNorm2 > 0 ? (float) Math.sqrt(wNorm2 / rNorm2) : 1f;
            float rate = learningRate * trust;
            for (int i = from; i < to; i++) {
                float r = m[i] * invBc1 / ((float) Math.sqrt(v[i] * invBc2) + epsilon);
                params[i] -= rate * r;
            }
        }
        step = t;
    }

    public LayerSegments segments() {
        return segments;
    }

    @Override
    public String name() {
        return NAME;
    }
}
