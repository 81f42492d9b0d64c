package io.dpnet.train;

/**
 * What partitions send back after a round of local SGD: their parameter and optimizer-state
 * changes over the round, each multiplied by the number of samples the partition trained on, so
 * that the sum divided by the total count is the sample-weighted average. Changes rather than
 * values, because they are small: summing them loses far less float precision than summing whole
 * weights, which keeps {@code sync.localSteps=1} equal to synchronous SGD up to rounding.
 *
 * <p>Like {@link GradientSum}, the zero value carries no arrays (it is serialized into every
 * job); tasks allocate them.
 */
public final class ParamSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Σ over partitions of {@code count_p · (params_p − params_0)}. */
    public float[] paramDelta;
    /** Per optimizer slot, Σ {@code count_p · (slot_p − slot_0)}. */
    public float[][] slotDelta;
    public double lossSum;
    public long correct;
    public long count;
    public long mathNanos;
    /** The slowest task's math time (see {@link GradientSum#maxTaskMathNanos}). */
    public long maxTaskMathNanos;

    public static ParamSum empty() {
        return new ParamSum();
    }

    /** Adds {@code other} into this (or returns {@code other} when this is still empty). */
    public ParamSum merge(ParamSum other) {
        if (other.paramDelta == null) {
            return this;
        }
        if (paramDelta == null) {
            return other;
        }
        add(paramDelta, other.paramDelta);
        for (int s = 0; s < slotDelta.length; s++) {
            add(slotDelta[s], other.slotDelta[s]);
        }
        lossSum += other.lossSum;
        correct += other.correct;
        count += other.count;
        mathNanos += other.mathNanos;
        maxTaskMathNanos = Math.max(maxTaskMathNanos, other.maxTaskMathNanos);
        return this;
    }

    private static void add(float[] into, float[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    public double lossSum() {
        return lossSum;
    }

    public long correct() {
        return correct;
    }

    public long count() {
        return count;
    }

    public long maxTaskMathNanos() {
        return maxTaskMathNanos;
    }
}
