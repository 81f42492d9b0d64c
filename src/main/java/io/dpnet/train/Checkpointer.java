package io.dpnet.train;

/** Decides when the trainer saves a {@link TrainingState}, and saves it. */
public interface Checkpointer {
    /** Whether to checkpoint after global step {@code globalStep} (1-based count of steps applied). */
    boolean dueAfterStep(long globalStep);

    /** Whether to checkpoint after finishing 1-based epoch {@code epoch}. */
    boolean dueAfterEpoch(int epoch);

    void save(TrainingState state);
}
