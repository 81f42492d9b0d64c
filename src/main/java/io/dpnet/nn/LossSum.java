package io.dpnet.nn;

import java.io.Serializable;

/**
 * What a weighted loss measured over some rows: {@code loss} = Σ wᵣ·ℓᵣ and {@code weight} = Σ wᵣ
 * (the row count when every weight is 1). Both are plain sums, so partition results add and the
 * driver divides once: the weighted mean loss is {@code loss / weight}, and dividing the summed
 * gradient by the same {@code weight} gives the gradient of that mean — exactly as on one machine.
 */
public record LossSum(double loss, double weight) implements Serializable {
    public static final LossSum ZERO = new LossSum(0, 0);

    public LossSum plus(LossSum other) {
        return new LossSum(loss + other.loss, weight + other.weight);
    }

    /** {@code loss / weight}, or NaN for no weight at all. */
    public double mean() {
        return weight == 0 ? Double.NaN : loss / weight;
    }
}
