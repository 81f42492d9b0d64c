package io.dpnet.spark;

import java.util.List;

/** The trained parameters and the per-epoch history of a run. */
public record TrainResult(float[] params, List<EpochMetrics> history, long steps) {
    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
