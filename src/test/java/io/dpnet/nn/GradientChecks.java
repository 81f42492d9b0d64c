package io.dpnet.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences against analytic gradients, as GradientCheckTest and DropoutTest
 * do them: random parameters and inputs, the step and tolerances, and the relu-kink bookkeeping
 * (a difference across a kink measures nothing, so such coordinates are detected, not compared).
 */
final class GradientChecks {
    /** Perturbation of one float parameter/input. */
    static final double EPS = 1e-2;
    /** Max relative error; the denominator is floored so tiny gradients compare absolutely. */
    static final double TOL = 1e-2;
    static final double FLOOR = 1e-2;
    /** Relu/leaky pre-activations must be at least this far from the kink for exhaustive checks. */
    static final double KINK_MARGIN = 0.1;

    private GradientChecks() {
    }

    static float[] gaussian(int n, double sd, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sd);
        }
        return v;
    }

    /** Uniform in [-1, 1). */
    static float[] uniform(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    static boolean hasKink(Activation a) {
        return a.kind() == Activation.Kind.RELU || a.kind() == Activation.Kind.LEAKY_RELU;
    }

    /** Smallest |z| over the kinked layers of the last forward pass (infinity if none). */
    static double kinkDistance(Workspace ws, int rows) {
        double min = Double.POSITIVE_INFINITY;
        for (int l = 0; l < ws.spec.layerCount(); l++) {
            if (hasKink(ws.spec.layer(l).activation())) {
                int n = rows * ws.spec.layer(l).outputs();
                for (int i = 0; i < n; i++) {
                    min = Math.min(min, Math.abs(ws.z[l][i]));
                }
            }
        }
        return min;
    }

    /** Signs of the kinked pre-activations of the last forward pass. */
    static boolean[] kinkSigns(Workspace ws, int rows) {
        List<Boolean> bits = new ArrayList<>();
        for (int l = 0; l < ws.spec.layerCount(); l++) {
            if (hasKink(ws.spec.layer(l).activation())) {
                int n = rows * ws.spec.layer(l).outputs();
                for (int i = 0; i < n; i++) {
                    bits.add(ws.z[l][i] > 0f);
                }
            }
        }
        boolean[] signs = new boolean[bits.size()];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = bits.get(i);
        }
        return signs;
    }

    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /**
     * d loss / d target[i] by central difference (target[i] is restored), or empty if either
     * perturbation moved a kinked pre-activation of {@code ws} across zero, compared with
     * {@code baseSigns}: the derivative is undefined there. {@code loss} runs a forward pass on
     * {@code ws} with the current contents of target.
     */
    static OptionalDouble centralDifference(DoubleSupplier loss, float[] target, int i, Workspace ws, int rows,
                                            boolean[] baseSigns) {
        float orig = target[i];
        float plus = (float) (orig + EPS);
        float minus = (float) (orig - EPS);
        target[i] = plus;
        double lp = loss.getAsDouble();
        boolean crossed = !Arrays.equals(kinkSigns(ws, rows), baseSigns);
        target[i] = minus;
        double lm = loss.getAsDouble();
        crossed |= !Arrays.equals(kinkSigns(ws, rows), baseSigns);
        target[i] = orig;
        // Divide by the step actually taken in float, not 2·EPS.
        return crossed ? OptionalDouble.empty() : OptionalDouble.of((lp - lm) / ((double) plus - (double) minus));
    }
}
