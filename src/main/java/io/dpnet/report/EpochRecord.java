package io.dpnet.report;

/**
 * One line of {@code metrics.jsonl}. Values the line does not have (or has as {@code null}, e.g.
 * test figures of epochs without an evaluation, or validation figures of runs without a
 * validation split) are NaN. Accuracies are fractions in [0, 1].
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double testLoss, double testAccuracy, double learningRate, double samplesPerSecond,
                          double epochSeconds, double elapsedSeconds) {
}
