package io.dpnet.model;

import io.dpnet.nn.RegressionLoss;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a block model predicts and how it was trained to: the label column, classification
 * (softmax output, weighted cross-entropy with optional class weights) or regression (linear
 * output, MSE or Huber), and the sample weight column used in training ("" = none).
 *
 * @param classWeights one weight per class, or null for all 1 (classification only)
 * @param regressionLoss the regression loss (regression only, null otherwise)
 */
public record ModelTask(Kind kind, String labelColumn, String weightColumn, RegressionLoss regressionLoss,
                        float[] classWeights) implements Serializable {
    public enum Kind {
        CLASSIFICATION, REGRESSION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("expected classification or regression but found '" + s + "'");
        }
    }

    public ModelTask {
        Objects.requireNonNull(kind, "kind");
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("a task needs a label column");
        }
        weightColumn = weightColumn == null ? "" : weightColumn;
        if (kind == Kind.REGRESSION && regressionLoss == null) {
            throw new IllegalArgumentException("a regression task needs a loss (mse or huber)");
        }
        if (kind == Kind.CLASSIFICATION && regressionLoss != null) {
            throw new IllegalArgumentException("a classification task has no regression loss");
        }
        if (kind == Kind.REGRESSION && classWeights != null) {
            throw new IllegalArgumentException("class weights apply to classification only");
        }
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    public static ModelTask classification(String labelColumn, String weightColumn, float[] classWeights) {
        return new ModelTask(Kind.CLASSIFICATION, labelColumn, weightColumn, null, classWeights);
    }

    public static ModelTask regression(String labelColumn, String weightColumn, RegressionLoss loss) {
        return new ModelTask(Kind.REGRESSION, labelColumn, weightColumn, loss, null);
    }

    public boolean isRegression() {
        return kind == Kind.REGRESSION;
    }

    /** A copy of the class weights, or null. */
    @Override
    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelTask t && t.kind == kind && t.labelColumn.equals(labelColumn)
                && t.weightColumn.equals(weightColumn) && Objects.equals(t.regressionLoss, regressionLoss)
                && Arrays.equals(t.classWeights, classWeights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, labelColumn, weightColumn, regressionLoss) * 31 + Arrays.hashCode(classWeights);
    }

    /** e.g. {@code regression of 'price' (huber(delta=1.0)), weights 'w'}. */
    @Override
    public String toString() {
        return kind.label() + " of '" + labelColumn + "'"
                + (regressionLoss != null ? " (" + regressionLoss + ")" : "")
                + (classWeights != null ? ", class weights " + Arrays.toString(classWeights) : "")
                + (weightColumn.isEmpty() ? "" : ", sample weights '" + weightColumn + "'");
    }
}
