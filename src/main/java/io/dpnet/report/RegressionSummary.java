package io.dpnet.report;

/** What a regression run's {@code eval.json} says about the final model on the test set. */
public record RegressionSummary(double rmse, double mae, double r2, long count) {
}
