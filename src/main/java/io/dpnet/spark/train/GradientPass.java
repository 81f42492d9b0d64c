package io.dpnet.spark.train;

import io.dpnet.nn.Dropout;
import io.dpnet.nn.Sequential;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.train.GradientSum;

/**
 * The executor-side math both step jobs share: the gradient of a chunk of gathered rows at given
 * parameters, added into a {@link GradientSum}, with the time spent in it.
 */
final class GradientPass {
    private GradientPass() {
    }

    /** Adds the gradient of {@code rows} gathered samples at {@code params} into {@code acc}, timing the math. */
    static void accumulate(Sequential net, float[] params, ExecutorWorkspaces.Slot slot, int rows,
                           GradientSum acc, Dropout dropout, long seed, long globalStep) {
        if (acc.gradient == null) {
            acc.gradient = new double[params.length];
        }
        Dropout.Context masks = dropout == null ? null : new Dropout.Context(dropout, seed, globalStep, slot.ids, 0);
        long t0 = System.nanoTime();
        var stats = net.gradient(params, slot.x, 0, slot.y, 0, rows, acc.gradient, slot.workspace, masks);
        acc.mathNanos += System.nanoTime() - t0;
        acc.lossSum += stats.lossSum();
        acc.correct += stats.correct();
        acc.count += rows;
    }
}
