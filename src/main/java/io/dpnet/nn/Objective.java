package io.dpnet.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a network is trained to do and with which loss: classification with (optionally
 * class-weighted) softmax cross-entropy, or regression with {@link RegressionLoss} (MSE or Huber)
 * on a linear output. Sample weights are not part of it: they come with the rows. Immutable and
 * serializable (it travels in Spark closures).
 */
public final class Objective implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { CLASSIFICATION, REGRESSION }

    private final Kind kind;
    private final WeightedCrossEntropy crossEntropy;
    private final RegressionLoss regression;

    private Objective(Kind kind, WeightedCrossEntropy crossEntropy, RegressionLoss regression) {
        this.kind = kind;
        this.crossEntropy = crossEntropy;
        this.regression = regression;
    }

    /** Softmax cross-entropy; {@code classWeights}: one finite weight ≥ 0 per class, or null for all 1. */
    public static Objective classification(float[] classWeights) {
        return new Objective(Kind.CLASSIFICATION, new WeightedCrossEntropy(classWeights), null);
    }

    /** Regression of one target per row with {@code loss} ({@link RegressionLoss#mse()} or {@code huber(δ)}). */
    public static Objective regression(RegressionLoss loss) {
        return new Objective(Kind.REGRESSION, null, Objects.requireNonNull(loss, "loss"));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRegression() {
        return kind == Kind.REGRESSION;
    }

    /** The class weights (a copy), or null: all 1, or a regression. */
    public float[] classWeights() {
        return crossEntropy == null ? null : crossEntropy.classWeights();
    }

    /** The regression loss, or null for classification. */
    public RegressionLoss regressionLoss() {
        return regression;
    }

    /**
     * Checks that {@code dense} can be trained for this objective: a softmax output (with as many
     * outputs as class weights, if any) for classification, one linear output for regression.
     *
     * @throws IllegalArgumentException saying what the output layer is and what was expected
     */
    public void checkModel(ModelSpec dense) {
        Activation.Kind out = dense.output().activation().kind();
        if (kind == Kind.CLASSIFICATION) {
            if (out != Activation.Kind.SOFTMAX) {
                throw new IllegalArgumentException("classification needs a softmax output layer, the model's last layer is "
                        + dense.output().activation());
            }
            float[] w = classWeights();
            if (w != null && w.length != dense.outputSize()) {
                throw new IllegalArgumentException(w.length + " class weights for a model with " + dense.outputSize()
                        + " classes");
            }
        } else {
            if (out != Activation.Kind.LINEAR) {
                throw new IllegalArgumentException("regression needs a linear output layer, the model's last layer is "
                        + dense.output().activation());
            }
            if (dense.outputSize() != 1) {
                throw new IllegalArgumentException("regression predicts one target per row, the model has "
                        + dense.outputSize() + " outputs");
            }
        }
    }

    /**
     * The loss bound to per-row buffers: {@code labels} (class indices, classification) or
     * {@code targets} (one per row, regression), and {@code weights} (null for all 1). The
     * buffers are bound, not copied, so a caller that refills them (a reused batch buffer) binds
     * once; weights are validated here, at binding, so refilled weights must have been validated
     * where they were read.
     */
    public BatchLoss bind(int[] labels, float[] targets, float[] weights) {
        return kind == Kind.CLASSIFICATION
                ? crossEntropy.on(labels, weights)
                : regression.on(new RegressionTargets(targets, 1, weights));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Objective other && other.kind == kind
                && Arrays.equals(other.classWeights(), classWeights()) && Objects.equals(other.regression, regression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(classWeights()), regression);
    }

    /** e.g. {@code classification: cross_entropy(classWeights=[1.0, 3.0])}, {@code regression: huber(delta=1.0)}. */
    @Override
    public String toString() {
        return kind == Kind.CLASSIFICATION ? "classification: " + crossEntropy : "regression: " + regression;
    }
}
