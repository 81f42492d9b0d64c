package io.dpnet.train;

/**
 * One epoch's numbers, as printed and written to {@code metrics.jsonl}. Accuracies are
 * fractions in [0, 1]; test and validation figures are NaN for epochs without that evaluation.
 *
 * @param epochSeconds training wall time of this epoch (evaluation excluded)
 * @param elapsedSeconds cumulative training wall time (data loading and evaluation excluded)
 * @param learningRate the rate of the epoch's last step (schedules change it per step)
 * @param mathSeconds forward/backward time on the epoch's critical path: per Spark job, the
 *     slowest task's math, summed (NaN when unknown); {@code epochSeconds − mathSeconds} is what
 *     distribution cost
 */
public record EpochMetrics(int epoch, int epochs, long steps, double trainLoss, double trainAccuracy,
                           double valLoss, double valAccuracy, double testLoss, double testAccuracy,
                           double samplesPerSecond,
                           double epochSeconds, double elapsedSeconds, double learningRate, double mathSeconds) {
    public boolean evaluated() {
        return !Double.isNaN(testAccuracy);
    }

    public boolean validated() {
        return !Double.isNaN(valAccuracy);
    }
}
