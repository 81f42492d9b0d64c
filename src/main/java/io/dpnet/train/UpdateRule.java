package io.dpnet.train;

import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.WeightDecay;
import java.io.Serializable;

/**
 * The one update every training path applies to a summed gradient: divide by the sample count,
 * add L2 decay on the weights, take the optimizer step. The synchronous step applies it on the
 * driver to the partitions' summed gradient; local SGD applies it inside each partition to its
 * own share — the same arithmetic, which is why {@code sync.localSteps=1} with SGD reproduces the
 * synchronous result.
 */
public final class UpdateRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final float weightDecay;

    public UpdateRule(ModelSpec spec, double weightDecay) {
        this.spec = spec;
        this.weightDecay = (float) weightDecay;
    }

    /**
     * Updates {@code params} in place from {@code gradientSum}, the gradient summed over
     * {@code count} samples; {@code gradientSum} is scaled to the mean (and gets the decay term)
     * in place, so callers must not reuse it as a sum.
     */
    public void apply(float[] params, float[] gradientSum, long count, Optimizer optimizer, float rate) {
        // (float) (1.0 / count) equals 1f / count exactly: double rounding is harmless for a
        // division when the wider format has at least 2·24 + 2 bits (53 ≥ 50).
        float inv = (float) (1.0 / count);
        for (int i = 0; i < gradientSum.length; i++) {
            gradientSum[i] *= inv;
        }
        applyMean(params, gradientSum, optimizer, rate);
    }

    /**
     * The mean gradient of {@code count} samples from a double sum, rounded to float once, into
     * {@code into} (reused when it has the right length, else allocated).
     */
    public static float[] mean(double[] gradientSum, long count, float[] into) {
        float[] out = into != null && into.length == gradientSum.length ? into : new float[gradientSum.length];
        double n = count;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (gradientSum[i] / n);
        }
        return out;
    }

    /**
     * Updates {@code params} in place from a mean gradient (which gets the decay term in place, so
     * callers must not reuse it).
     */
    public void applyMean(float[] params, float[] meanGradient, Optimizer optimizer, float rate) {
        if (weightDecay > 0) {
            WeightDecay.addL2(params, meanGradient, weightDecay, spec);
        }
        optimizer.step(params, meanGradient, rate);
    }
}
