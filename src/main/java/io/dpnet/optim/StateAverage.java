package io.dpnet.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * The driver's half of a local-SGD round: the optimizer state becomes the partitions'
 * sample-weighted average. The partitions send {@code nₚ·(sₚ − s₀)} (their change from the
 * broadcast start {@code s₀}, weighted by their sample count), which keeps the sum small and
 * exact where the replicas agree; the average is {@code s₀ + Σ nₚ·(sₚ − s₀) / N}.
 *
 * <p>That sum is computed in float, so a slot that is a mean of squares (Adam's second moment) can
 * come out a rounding error below zero where every replica's value is 0 or nearly so — and the
 * next step takes its square root. Such slots are clamped at 0: the true average of non-negative
 * values is non-negative, so the clamp only removes rounding.
 */
public final class StateAverage {
    private StateAverage() {
    }

    /** {@code into += scale · delta}. */
    public static void addScaled(float[] into, float[] delta, float scale) {
        for (int i = 0; i < into.length; i++) {
            into[i] += delta[i] * scale;
        }
    }

    /**
     * The averaged state after a round of {@code steps} local steps over {@code count} samples:
     * every slot {@code s₀ + weightedDeltas[s] / count}, the step count advanced by {@code steps}
     * — right only if every replica took all of them: a replica holding none of a step's samples
     * must still step (with a zero data gradient), or its moments decay fewer times than the
     * count says and its bias correction runs behind.
     */
    public static OptimizerState averaged(OptimizerState start, float[][] weightedDeltas, long count, int steps) {
        if (weightedDeltas.length != start.slots().size()) {
            throw new IllegalArgumentException(start.name() + " state has " + start.slots().size()
                    + " slot(s), the round returned " + weightedDeltas.length);
        }
        float inv = (float) (1.0 / count);
        List<float[]> slots = new ArrayList<>(start.slots().size());
        for (int s = 0; s < weightedDeltas.length; s++) {
            float[] slot = start.slots().get(s).clone();
            addScaled(slot, weightedDeltas[s], inv);
            if (isMeanOfSquares(start.name(), s)) {
                for (int i = 0; i < slot.length; i++) {
                    // Also turns -0.0 into +0.0, which is harmless for √.
                    slot[i] = Math.max(slot[i], 0f);
                }
            }
            slots.add(slot);
        }
        return new OptimizerState(start.name(), start.step() + steps, slots);
    }

    /** Whether slot {@code slot} of an optimizer called {@code name} holds a mean of squares (never negative). */
    static boolean isMeanOfSquares(String name, int slot) {
        return Adam.NAME.equals(name) && slot == 1;
    }
}
