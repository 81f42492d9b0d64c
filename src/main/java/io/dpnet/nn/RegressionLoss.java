package io.dpnet.nn;

import java.io.Serializable;
import java.util.Locale;

/**
 * Regression losses on a linear output, per element of the residual {@code e = a − t}:
 * <ul>
 *   <li>{@code mse}: {@code ½e²}, derivative {@code e} (the existing unweighted
 *       {@link Losses#squaredError} for weight 1);</li>
 *   <li>{@code huber(δ)}: {@code ½e²} for {@code |e| ≤ δ}, else {@code δ(|e| − ½δ)}; derivative
 *       {@code e} clipped to {@code [−δ, δ]} — quadratic near the target, linear (robust to
 *       outliers) far from it, continuous with a continuous first derivative at {@code |e| = δ}.</li>
 * </ul>
 * A row's elements are summed and multiplied by its sample weight. Immutable and serializable
 * (it travels in Spark closures).
 */
public final class RegressionLoss implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { MSE, HUBER }

    private final Kind kind;
    private final float delta;

    private RegressionLoss(Kind kind, float delta) {
        this.kind = kind;
        this.delta = delta;
    }

    public static RegressionLoss mse() {
        return new RegressionLoss(Kind.MSE, Float.POSITIVE_INFINITY);
    }

    public static RegressionLoss huber(float delta) {
        if (!(delta > 0f) || !Float.isFinite(delta)) {
            throw new IllegalArgumentException("huber delta must be a positive finite number, got " + delta);
        }
        return new RegressionLoss(Kind.HUBER, delta);
    }

    public Kind kind() {
        return kind;
    }

    /** Huber's δ; infinite for mse (where it never clips). */
    public float delta() {
        return delta;
    }

    /** The loss of one residual. */
    public double value(float e) {
        double a = Math.abs((double) e);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }

    /** d value / d e. */
    public float derivative(float e) {
        return e > delta ? delta : e < -delta ? -delta : e;
    }

    /** This loss bound to {@code targets}, for {@link Sequential#backward(BackwardPass, Workspace)}. */
    public BatchLoss on(RegressionTargets targets) {
        return (ws, firstRow, rows) -> apply(ws, targets, firstRow, rows);
    }

    private LossSum apply(Workspace ws, RegressionTargets targets, int firstRow, int rows) {
        ModelSpec spec = ws.spec();
        int cols = targets.cols();
        if (spec.output().activation().kind() != Activation.Kind.LINEAR) {
            throw new IllegalArgumentException("regression losses need a linear output layer, the model's last layer is "
                    + spec.output().activation());
        }
        if (spec.outputSize() != cols) {
            throw new IllegalArgumentException("the model has " + spec.outputSize() + " outputs but the targets have "
                    + cols + " columns");
        }
        if (firstRow < 0 || rows < 0 || firstRow + rows > targets.rows()) {
            throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + rows) + ") are outside the "
                    + targets.rows() + " target rows");
        }
        float[] out = ws.output();
        float[] grad = ws.outputGradient();
        float[] t = targets.values();
        float[] weights = targets.weights();
        double loss = 0;
        double weight = 0;
        for (int r = 0; r < rows; r++) {
            float w = SampleWeights.at(weights, firstRow + r);
            int o = r * cols;
            int to = (firstRow + r) * cols;
            double rowLoss = 0;
            for (int j = 0; j < cols; j++) {
                float e = out[o + j] - t[to + j];
                rowLoss += value(e);
                grad[o + j] = w * derivative(e);
            }
            loss += w * rowLoss;
            weight += w;
        }
        return new LossSum(loss, weight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressionLoss l && l.kind == kind && Float.compare(l.delta, delta) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Float.hashCode(delta);
    }

    @Override
    public String toString() {
        return kind == Kind.MSE ? "mse" : String.format(Locale.ROOT, "huber(delta=%s)", delta);
    }
}
