package io.dpnet.nn;

import java.io.Serializable;

/**
 * Weighted sums from which RMSE, MAE and R² follow, per output column. They are plain sums, so
 * the sums of several partitions {@link #merge merge} by addition (in any order, up to double
 * rounding) and the driver computes the metrics once:
 * <ul>
 *   <li>{@code RMSE = √(Σw·e² / Σw)}, {@code MAE = Σw·|e| / Σw} with {@code e = prediction − target};</li>
 *   <li>{@code R² = 1 − Σw·e² / SST} with {@code SST = Σw·t² − (Σw·t)²/Σw}, the weighted total
 *       sum of squares around the weighted mean target.</li>
 * </ul>
 * Sums are doubles; SST loses digits only when the targets' mean is ~10⁸ times their spread.
 */
public final class RegressionSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int cols;
    private double weight;
    private final double[] squaredError;
    private final double[] absoluteError;
    private final double[] target;
    private final double[] squaredTarget;

    public RegressionSums(int cols) {
        if (cols <= 0) {
            throw new IllegalArgumentException("regression metrics need at least one column, got " + cols);
        }
        this.cols = cols;
        squaredError = new double[cols];
        absoluteError = new double[cols];
        target = new double[cols];
        squaredTarget = new double[cols];
    }

    /** Adds rows {@code [firstRow, firstRow + rows)} of {@code targets} against {@code predictions} ({@code rows × cols}, from 0). */
    public void add(float[] predictions, RegressionTargets targets, int firstRow, int rows) {
        if (targets.cols() != cols) {
            throw new IllegalArgumentException("these sums have " + cols + " columns, the targets " + targets.cols());
        }
        float[] t = targets.values();
        float[] weights = targets.weights();
        for (int r = 0; r < rows; r++) {
            double w = SampleWeights.at(weights, firstRow + r);
            int o = r * cols;
            int to = (firstRow + r) * cols;
            for (int j = 0; j < cols; j++) {
                double y = t[to + j];
                double e = predictions[o + j] - y;
                squaredError[j] += w * e * e;
                absoluteError[j] += w * Math.abs(e);
                target[j] += w * y;
                squaredTarget[j] += w * y * y;
            }
            weight += w;
        }
    }

    /** Adds {@code other}'s sums into these; returns this (a treeAggregate combiner). */
    public RegressionSums merge(RegressionSums other) {
        if (other.cols != cols) {
            throw new IllegalArgumentException("cannot merge regression sums of " + other.cols + " columns into " + cols);
        }
        weight += other.weight;
        for (int j = 0; j < cols; j++) {
            squaredError[j] += other.squaredError[j];
            absoluteError[j] += other.absoluteError[j];
            target[j] += other.target[j];
            squaredTarget[j] += other.squaredTarget[j];
        }
        return this;
    }

    public double weight() {
        return weight;
    }

    public double rmse(int col) {
        return Math.sqrt(squaredError[col] / weight);
    }

    public double mae(int col) {
        return absoluteError[col] / weight;
    }

    /** R² of one column; NaN when the targets are constant (SST = 0) or there is no weight. */
    public double r2(int col) {
        double sst = squaredTarget[col] - target[col] * target[col] / weight;
        return sst > 0 ? 1 - squaredError[col] / sst : Double.NaN;
    }
}
