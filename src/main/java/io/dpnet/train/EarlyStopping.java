package io.dpnet.train;


/**
 * Tracks the best validation result of a run and decides when to stop: after {@code patience}
 * epochs in a row that do not beat the best by more than {@code minDelta}. Keeps a copy of the
 * best weights (O(parameters) on the driver), which become the run's model.
 */
public final class EarlyStopping {
    /**
     * When to stop: after {@code patience} epochs without an improvement of more than
     * {@code minDelta} in {@code metric} ({@code valLoss}, lower is better, or {@code valAccuracy});
     * {@code patience == 0} turns early stopping off.
     */
    public record Policy(int patience, String metric, double minDelta) {
        public static final Policy OFF = new Policy(0, "valLoss", 0);

        public Policy {
            if (!metric.equals("valLoss") && !metric.equals("valAccuracy")) {
                throw new IllegalArgumentException("earlyStopping.metric must be valLoss or valAccuracy, got '"
                        + metric + "'");
            }
        }

        public boolean enabled() {
            return patience > 0;
        }
    }

    private final int patience;
    private final boolean lowerIsBetter;
    private final String metric;
    private final double minDelta;
    private int bestEpoch;
    private double bestValue = Double.NaN;
    private int bad;
    private float[] bestParams;

    public EarlyStopping(Policy policy, TrainingState.Best resumed) {
        this.patience = policy.patience();
        this.metric = policy.metric();
        this.lowerIsBetter = metric.equals("valLoss");
        this.minDelta = policy.minDelta();
        if (resumed != null) {
            bestEpoch = resumed.epoch();
            bestValue = resumed.value();
            bad = resumed.epochsWithoutImprovement();
            bestParams = resumed.params() == null ? null : resumed.params().clone();
        }
    }

    public boolean enabled() {
        return patience > 0;
    }

    /** Records an epoch's metrics; returns whether training should stop now. */
    public boolean record(EpochMetrics m, float[] params) {
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

    public int bestEpoch() {
        return bestEpoch;
    }

    public float[] bestParams() {
        return bestParams;
    }

    /** The bookkeeping a checkpoint must carry, or null when early stopping is off. */
    public TrainingState.Best best() {
        return enabled() ? new TrainingState.Best(bestEpoch, bestValue, bad, bestParams) : null;
    }
}
