package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.optim.Optimizer;

/**
 * One Spark job of the training loop: a synchronous step ({@link SyncStep}) or a round of local
 * steps ({@link LocalSgd}). The loop owns the epoch, the sample order, the schedule and the
 * bookkeeping; a job advances the parameters and optimizer state by {@link #stepsFrom} steps.
 */
interface StepJob {
    /** How many of the epoch's steps the job starting at {@code step} takes (at least 1). */
    int stepsFrom(long step, long stepsPerEpoch);

    /**
     * Runs steps {@code [step, step + rates.length)} of the epoch ordered by {@code order} — global
     * steps from {@code globalStep} — with the given learning rates, updating {@code params} and
     * {@code optimizer} in place.
     */
    JobResult run(IndexOrder order, long step, long globalStep, float[] rates, float[] params, Optimizer optimizer);

    /**
     * Forgets any work already started for later steps, so the next {@link #run} starts from the
     * parameters as they are now (called after a mid-epoch checkpoint: a run resumed from it must
     * continue exactly as this one does). Jobs that start nothing ahead have nothing to do.
     */
    default void drain() {
    }

    /** Ends whatever the job keeps running between steps (the trainer calls it however training ends). */
    default void close() {
    }

    /**
     * The figures of one job: summed loss, correct predictions and samples, the slowest task's
     * math time, and whether the loss and the step's gradient (or the averaged parameters) were
     * finite — a job that saw NaN or infinity leaves the parameters as they were.
     */
    record JobResult(double lossSum, long correct, long count, long maxTaskMathNanos, boolean finite) {
    }
}
