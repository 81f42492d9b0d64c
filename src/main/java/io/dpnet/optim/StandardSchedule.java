package io.dpnet.optim;

import static io.dpnet.optim.OptimizerSpec.format;

/** The built-in schedules: constant, step or cosine after an optional linear warmup. */
final class StandardSchedule implements LearningRateSchedule {
    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final double baseRate;
    private final double gamma;
    private final double minRate;
    private final long totalSteps;
    private final long warmupSteps;
    /** Steps between two decays of the step schedule. */
    private final long decaySteps;

    StandardSchedule(Kind kind, double baseRate, double gamma, double stepEpochs, double minRate,
            double warmupEpochs, long stepsPerEpoch, int epochs) {
        if (kind == null) {
            throw new IllegalArgumentException("lr.schedule is required (expected constant, step or cosine)");
        }
        if (!(baseRate > 0) || !Double.isFinite(baseRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + format(baseRate));
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("lr.gamma must be in (0, 1], got " + format(gamma));
        }
        if (!(stepEpochs > 0) || !Double.isFinite(stepEpochs)) {
            throw new IllegalArgumentException("lr.stepEpochs must be a positive number of epochs, got "
                    + format(stepEpochs));
        }
        if (!(minRate >= 0 && minRate <= baseRate)) {
            throw new IllegalArgumentException("lr.minRate must be in [0, learningRate=" + format(baseRate)
                    + "], got " + format(minRate));
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException("lr.warmupEpochs must be in [0, epochs=" + epochs + "), got "
                    + format(warmupEpochs));
        }
        if (stepsPerEpoch <= 0) {
            throw new IllegalArgumentException("stepsPerEpoch must be positive, got " + stepsPerEpoch);
        }
        this.kind = kind;
        this.baseRate = baseRate;
        this.gamma = gamma;
        this.minRate = minRate;
        this.totalSteps = Math.multiplyExact(stepsPerEpoch, (long) epochs);
        // warmupEpochs < epochs, but rounding may still reach totalSteps: keep one step to decay over.
        this.warmupSteps = Math.min(Math.round(warmupEpochs * stepsPerEpoch), totalSteps - 1);
        this.decaySteps = Math.max(1, Math.round(stepEpochs * stepsPerEpoch));
    }

    @Override
    public double rate(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, got " + step);
        }
        if (step < warmupSteps) {
            return baseRate * (step + 1) / warmupSteps;
        }
        return switch (kind) {
            case CONSTANT -> baseRate;
            case STEP -> baseRate * Math.pow(gamma, step / decaySteps);
            case COSINE -> {
                long span = totalSteps - warmupSteps;
                long t = Math.min(step - warmupSteps, span);
                if (t == span) {
                    yield minRate; // exactly, whatever cos(π) rounds to
                }
                yield minRate + (baseRate - minRate) * 0.5 * (1 + Math.cos(Math.PI * t / span));
            }
        };
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.label()).append("(lr=").append(format(baseRate));
        switch (kind) {
            case CONSTANT -> {
            }
            case STEP -> sb.append(", gamma=").append(format(gamma)).append(", every=").append(decaySteps)
                    .append(" steps");
            case COSINE -> sb.append(", minRate=").append(format(minRate));
        }
        if (warmupSteps > 0) {
            sb.append(", warmup=").append(warmupSteps).append(" steps");
        }
        return sb.append(", ").append(totalSteps).append(" steps total)").toString();
    }

    Kind kind() {
        return kind;
    }

    long totalSteps() {
        return totalSteps;
    }

    long warmupSteps() {
        return warmupSteps;
    }

    long decaySteps() {
        return decaySteps;
    }

    @Override
    public String toString() {
        return describe();
    }
}
