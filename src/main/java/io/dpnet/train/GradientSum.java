package io.dpnet.train;

/**
 * What partitions send back each step: the gradient of the summed loss over their shard of the
 * mini-batch, the summed loss, correct predictions and sample count — and how long the math took.
 *
 * <p>The zero value has no gradient array: Spark serializes the zero value into every job, so a
 * dense one would ship the model-sized array to each task for nothing. Tasks allocate it.
 * (The zero value travels in the Java-serialized closure, hence Serializable; task results go
 * through Kryo.)
 */
public final class GradientSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The summed gradient, in doubles: partitions and chunks add exact float products in sample
     * order (see {@code Sequential.gradient(..., double[], ...)}), so the sum of a global batch is
     * the same, up to 2⁻⁵³ relative, whatever the partition count; the driver rounds the mean to
     * float once ({@link UpdateRule#mean}). Twice the bytes of a float sum on the wire.
     */
    public double[] gradient;
    public double lossSum;
    public long correct;
    public long count;
    /** Nanoseconds spent in forward/backward passes, summed over tasks. */
    public long mathNanos;
    /**
     * The largest single task's {@link #mathNanos}: a step cannot finish before its slowest
     * partition's math, so this is the step's math time on the critical path, and the step's wall
     * time minus this is what Spark (broadcast, scheduling, gather, aggregation) costs.
     */
    public long maxTaskMathNanos;

    public static GradientSum empty() {
        return new GradientSum();
    }

    /**
     * Zeroes this sum for reuse, keeping its gradient array (allocating one of {@code paramCount}
     * when it has none): a buffer reused every step instead of a model-sized allocation.
     */
    public GradientSum clear(int paramCount) {
        if (gradient == null) {
            gradient = new double[paramCount];
        } else {
            java.util.Arrays.fill(gradient, 0);
        }
        lossSum = 0;
        correct = 0;
        count = 0;
        mathNanos = 0;
        maxTaskMathNanos = 0;
        return this;
    }

    public double[] gradient() {
        return gradient;
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

    public long mathNanos() {
        return mathNanos;
    }

    public long maxTaskMathNanos() {
        return maxTaskMathNanos;
    }

    /** Adds {@code other} into this (or returns {@code other} when this is still empty). */
    public GradientSum merge(GradientSum other) {
        if (other.gradient == null) {
            return this;
        }
        if (gradient == null) {
            return other;
        }
        double[] g = gradient;
        double[] o = other.gradient;
        for (int i = 0; i < g.length; i++) {
            g[i] += o[i];
        }
        lossSum += other.lossSum;
        correct += other.correct;
        count += other.count;
        mathNanos += other.mathNanos;
        maxTaskMathNanos = Math.max(maxTaskMathNanos, other.maxTaskMathNanos);
        return this;
    }
}
