package io.dpnet.nn;

/** Validation shared by the weighted losses and metrics; weights are per row, null meaning all 1. */
final class SampleWeights {
    private SampleWeights() {
    }

    /** Every weight must be finite and ≥ 0 (a zero weight drops the row from loss and gradient). */
    static void check(float[] weights, int rows) {
        if (weights == null) {
            return;
        }
        if (weights.length != rows) {
            throw new IllegalArgumentException("expected one sample weight per row (" + rows + " rows), got "
                    + weights.length + " weights");
        }
        for (int r = 0; r < rows; r++) {
            float w = weights[r];
            if (!(w >= 0f) || !Float.isFinite(w)) {
                throw new IllegalArgumentException("sample weight of row " + r + " is " + w
                        + ", expected a finite number >= 0");
            }
        }
    }

    static float at(float[] weights, int row) {
        return weights == null ? 1f : weights[row];
    }
}
