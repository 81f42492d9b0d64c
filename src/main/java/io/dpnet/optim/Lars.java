package io.dpnet.optim;

/**
 * LARS (You et al., "Large Batch Training of Convolutional Networks", 2017): heavy-ball momentum
 * with a per-layer rate. For each segment (a weight matrix or a bias, see {@link LayerSegments}):
 * <pre>
 * trust = η_trust·‖W‖ / ‖g‖ when both norms are positive, else 1
 * u ← μ·u + trust·g;  W ← W − η·u
 * </pre>
 * The trust ratio sits inside the velocity (as in the paper, where the local rate scales the
 * gradient before momentum). Weight decay is dpnet's L2 on the gradient, so {@code g} already
 * holds {@code λ·W}: the paper's {@code ‖g‖ + λ‖W‖} denominator becomes {@code ‖g + λW‖}.
 * State: the velocity {@code u} and the step count.
 */
public final class Lars extends AbstractOptimizer {
    public static final String NAME = "lars";

    private final LayerSegments segments;
    private final float momentum;
    private final float trustCoefficient;

    public Lars(LayerSegments segments, float momentum, float trustCoefficient) {
        super(segments.paramCount(), 1);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(trustCoefficient > 0f) || !Float.isFinite(trustCoefficient)) {
            throw new IllegalArgumentException("lars.trust must be a positive number, got " + trustCoefficient);
        }
        this.segments = segments;
        this.momentum = momentum;
        this.trustCoefficient = trustCoefficient;
    }

    @Override
    public void step(float[] params, float[] grad, float learningRate) {
        check(params, grad, learningRate);
        float[] u = slot(0);
        for (int s = 0; s < segments.count(); s++) {
            int from = segments.start(s);
            int to = segments.end(s);
            double wNorm2 = 0;
            double gNorm2 = 0;
            for (int i = from; i < to; i++) {
                wNorm2 += (double) params[i] * params[i];
                gNorm2 += (double) grad[i] * grad[i];
            }
            float trust = wNorm2 > 0 && gNorm2 > 0
                    ? (float) (trustCoefficient * Math.sqrt(wNorm2 / gNorm2)) : 1f;
            for (int i = from; i < to; i++) {
                float ui = momentum * u[i] + trust * grad[i];
                u[i] = ui;
                params[i] -= learningRate * ui;
            }
        }
        step++;
    }

    @Override
    public String name() {
        return NAME;
    }
}
