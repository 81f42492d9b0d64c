package io.dpnet.spark.train;

import io.dpnet.optim.Optimizer;
import io.dpnet.train.GradientSum;
import io.dpnet.train.UpdateRule;

/**
 * The driver's half of a synchronous step, shared by the plain and the pipelined step: refuse a
 * non-finite gradient before it reaches the weights, round the exact (double) mean to float once
 * into a reused buffer, and apply the update rule.
 */
final class DriverUpdate {
    private final UpdateRule update;
    /** The float mean gradient, reused every step. */
    private float[] mean;

    DriverUpdate(UpdateRule update) {
        this.update = update;
    }

    StepJob.JobResult apply(GradientSum sum, float[] params, Optimizer optimizer, float rate) {
        boolean finite = DistributedTrainer.finite(sum.lossSum, sum.gradient);
        if (finite) {
            mean = UpdateRule.mean(sum.gradient, sum.count, mean);
            update.applyMean(params, mean, optimizer, rate);
        }
        return new StepJob.JobResult(sum.lossSum, sum.correct, sum.count, sum.maxTaskMathNanos, finite);
    }
}
