package io.dpnet.train;

import io.dpnet.optim.OptimizerState;
import java.util.List;

/**
 * A point in a run from which training continues exactly: with the same data and config, a run
 * resumed from a state ends with the same weights as one that never stopped.
 *
 * @param epoch the 1-based epoch in progress
 * @param stepInEpoch steps of that epoch already applied
 * @param globalStep steps applied since the run began (drives the learning-rate schedule)
 * @param epochLossSum loss summed over the epoch's samples so far (likewise correct and seen)
 * @param epochSeconds training time already spent in the epoch in progress
 * @param elapsedSeconds training time of the finished epochs
 * @param history metrics of the finished epochs
 * @param best early-stopping bookkeeping (null when early stopping is off)
 */
public record TrainingState(int epoch, long stepInEpoch, long globalStep, float[] params, OptimizerState optimizer,
                            double epochLossSum, long epochCorrect, long epochSeen, double epochSeconds,
                            double elapsedSeconds, List<EpochMetrics> history, Best best) {
    /** The best validation result so far, its weights, and epochs since it (early stopping). */
    public record Best(int epoch, double value, int epochsWithoutImprovement, float[] params) {
    }

    public TrainingState {
        history = List.copyOf(history);
    }
}
