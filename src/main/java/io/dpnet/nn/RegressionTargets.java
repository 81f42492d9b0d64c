package io.dpnet.nn;

/**
 * Real-valued targets for {@code rows} samples, {@code cols} per sample (row-major), with
 * optional per-sample weights (null: every weight is 1). Validated once here, so the per-batch
 * loss loop does not re-check them.
 */
public record RegressionTargets(float[] values, int cols, float[] weights) {
    public RegressionTargets {
        if (cols <= 0) {
            throw new IllegalArgumentException("regression targets need at least one column, got " + cols);
        }
        if (values.length % cols != 0) {
            throw new IllegalArgumentException(values.length + " target values are not a whole number of rows of "
                    + cols);
        }
        SampleWeights.check(weights, values.length / cols);
    }

    public int rows() {
        return values.length / cols;
    }
}
