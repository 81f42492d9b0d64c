package io.dpnet.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Softmax cross-entropy with per-sample and per-class weights: row {@code r} with label
 * {@code y} counts with weight {@code wᵣ = sampleWeight[r] · classWeight[y]}, so its loss is
 * {@code wᵣ·(−ln p_y)} and its logit gradient {@code wᵣ·(p − onehot(y))}; the weight total is
 * {@code Σ wᵣ}. With all weights 1 this is {@link Losses#softmaxCrossEntropy} exactly. Class
 * weights re-balance imbalanced labels (e.g. {@code n / (classes · count(y))}); a class weight
 * of 2 is the same, in loss and gradient, as seeing each of that class's rows twice.
 */
public final class WeightedCrossEntropy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] classWeights;

    /** @param classWeights one finite weight ≥ 0 per class, or null for all 1 */
    public WeightedCrossEntropy(float[] classWeights) {
        if (classWeights != null) {
            for (int c = 0; c < classWeights.length; c++) {
                float w = classWeights[c];
                if (!(w >= 0f) || !Float.isFinite(w)) {
                    throw new IllegalArgumentException("class weight of class " + c + " is " + w
                            + ", expected a finite number >= 0");
                }
            }
        }
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    /** Binds labels (and per-sample weights, null for all 1), validated once here. */
    public BatchLoss on(int[] labels, float[] sampleWeights) {
        SampleWeights.check(sampleWeights, labels.length);
        return (ws, firstRow, rows) -> apply(ws, labels, sampleWeights, firstRow, rows);
    }

    private LossSum apply(Workspace ws, int[] labels, float[] sampleWeights, int firstRow, int rows) {
        ModelSpec spec = ws.spec();
        int classes = spec.outputSize();
        if (spec.output().activation().kind() != Activation.Kind.SOFTMAX) {
            throw new IllegalArgumentException("cross-entropy needs a softmax output layer, the model's last layer is "
                    + spec.output().activation());
        }
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(classWeights.length + " class weights for a model with " + classes
                    + " classes");
        }
        if (firstRow < 0 || rows < 0 || firstRow + rows > labels.length) {
            throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + rows) + ") are outside the "
                    + labels.length + " labels");
        }
        float[] logits = ws.logits();
        float[] probs = ws.output();
        float[] grad = ws.outputGradient();
        double loss = 0;
        double weight = 0;
        for (int r = 0; r < rows; r++) {
            int y = labels[firstRow + r];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of row " + (firstRow + r) + " is outside 0.."
                        + (classes - 1));
            }
            float w = SampleWeights.at(sampleWeights, firstRow + r) * (classWeights == null ? 1f : classWeights[y]);
            // Fused and log-sum-exp stable, as Losses.softmaxCrossEntropy, with the row weight applied.
            int o = r * classes;
            double logSumExp = Losses.softmaxRow(logits, probs, o, classes);
            for (int j = 0; j < classes; j++) {
                grad[o + j] = w * probs[o + j];
            }
            grad[o + y] -= w;
            loss += w * (logSumExp - logits[o + y]);
            weight += w;
        }
        return new LossSum(loss, weight);
    }

    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public String toString() {
        return classWeights == null ? "cross_entropy" : "cross_entropy(classWeights=" + Arrays.toString(classWeights) + ")";
    }
}
