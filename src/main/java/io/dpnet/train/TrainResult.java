package io.dpnet.train;

import java.util.List;

/**
 * The trained parameters and the per-epoch history of a run.
 *
 * @param params the final model: with early stopping, the weights of {@code bestEpoch}
 * @param bestEpoch the epoch the returned weights come from
 * @param stoppedEarly whether early stopping ended the run before its last epoch
 */
public record TrainResult(float[] params, List<EpochMetrics> history, long steps, int bestEpoch,
                          boolean stoppedEarly) {
    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
