package io.dpnet.optim;

/**
 * A first-order update rule applied on the driver to the flat parameter vector.
 *
 * <p>An optimizer owns its state arrays (allocated once, at construction, for a fixed parameter
 * count) and allocates nothing per step. The learning rate is passed per step so schedules live
 * outside; weight decay is applied to the gradient beforehand (see {@link WeightDecay}).
 * Instances are not thread-safe.
 */
public interface Optimizer {
    /**
     * Updates {@code params} in place given the MEAN gradient and this step's learning rate.
     * {@code grad} is not modified.
     *
     * @throws IllegalArgumentException if an array's length differs from the optimizer's
     *     parameter count, or the learning rate is negative or not finite
     */
    void step(float[] params, float[] grad, float learningRate);

    /** Snapshot of all state (for checkpoints), deep-copied. */
    OptimizerState state();

    /**
     * Restores a snapshot taken from an optimizer of the same kind and size (the snapshot is
     * copied, so it may be reused afterwards).
     *
     * @throws IllegalArgumentException if the snapshot is of another kind or size
     */
    void restore(OptimizerState state);

    /** The config spelling of the kind: {@code sgd}, {@code momentum} or {@code adam}. */
    String name();
}
