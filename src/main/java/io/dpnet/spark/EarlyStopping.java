package io.dpnet.spark;

import io.dpnet.config.TrainConfig;

/**
 * Tracks the best validation result of a run and decides when to stop: after {@code patience}
 * epochs in a row that do not beat the best by more than {@code minDelta}. Keeps a copy of the
 * best weights (O(parameters) on the driver), which become the run's model.
 */
final class EarlyStopping {
    private final int patience;
    private final boolean lowerIsBetter;
    private final String metric;
    private final double minDelta;
    private int bestEpoch;
    private double bestValue = Double.NaN;
    private int bad;
    private float[] bestParams;

    EarlyStopping(TrainConfig config, TrainingState.Best resumed) {
        this.patience = config.integer("earlyStopping.patience");
        this.metric = config.get("earlyStopping.metric");
        this.lowerIsBetter = metric.equals("valLoss");
        this.minDelta = config.number("earlyStopping.minDelta");
        if (resumed != null) {
            bestEpoch = resumed.epoch();
            bestValue = resumed.value();
            bad = resumed.epochsWithoutImprovement();
            bestParams = resumed.params() == null ? null : resumed.params().clone();
        }
    }

    boolean enabled() {
        return patience > 0;
    }

    /** Records an epoch's metrics; returns whether training should stop now. */
    boolean record(EpochMetrics m, float[] params) {
        if (!enabled()) {
            return false;
        }
        double value = metric.equals("valLoss") ? m.valLoss() : m.valAccuracy();
        boolean improved = Double.isNaN(bestValue)
                || (lowerIsBetter ? value < bestValue - minDelta : value > bestValue + minDelta);
        if (improved) {
            bestValue = value;
            bestEpoch = m.epoch();
            bestParams = params.clone();
            bad = 0;
            return false;
        }
        bad++;
        return bad >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    float[] bestParams() {
        return bestParams;
    }

    /** The bookkeeping a checkpoint must carry, or null when early stopping is off. */
    TrainingState.Best best() {
        return enabled() ? new TrainingState.Best(bestEpoch, bestValue, bad, bestParams) : null;
    }
}
