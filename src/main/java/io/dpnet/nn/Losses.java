package io.dpnet.nn;

/** Loss values and their gradients on row-major {@code rows × classes} blocks. */
public final class Losses {
    private Losses() {
    }

    /**
     * Softmax + cross-entropy, fused. Writes probabilities to {@code probs} and
     * {@code dL/dlogits = p − onehot(y)} to {@code gradLogits}; returns {@code Σ −ln p_y}
     * computed as {@code logsumexp(z) − z_y} so it never takes the log of a rounded-to-zero
     * probability (the notebook clipped p at 1e-9 instead).
     */
    public static double softmaxCrossEntropy(float[] logits, float[] probs, int[] labels, int labelsOff, int rows,
                                             int classes, float[] gradLogits) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            int y = labels[labelsOff + r];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of batch row " + r + " is outside 0.." + (classes - 1));
            }
            double logSumExp = softmaxRow(logits, probs, o, classes);
            for (int j = 0; j < classes; j++) {
                gradLogits[o + j] = probs[o + j];
            }
            gradLogits[o + y] -= 1f;
            loss += logSumExp - logits[o + y];
        }
        return loss;
    }

    /**
     * One row's softmax, stable: writes {@code softmax(logits[o, o + classes))} to the same range
     * of {@code probs} and returns {@code logsumexp} of the row (the row's max plus the log of the
     * shifted exponentials' sum), from which {@code −ln p_y = logsumexp − z_y}. Every fused
     * cross-entropy (plain and weighted) goes through this, so they round alike.
     */
    static double softmaxRow(float[] logits, float[] probs, int o, int classes) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, logits[o + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            double e = Math.exp(logits[o + j] - max);
            probs[o + j] = (float) e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < classes; j++) {
            probs[o + j] = (float) (probs[o + j] * inv);
        }
        return max + Math.log(sum);
    }

    /** {@code Σ ½(a − t)²}; writes {@code dL/da = a − t}. */
    public static double squaredError(float[] out, float[] targets, int rows, int cols, float[] gradOut) {
        double loss = 0;
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            float d = out[i] - targets[i];
            gradOut[i] = d;
            loss += 0.5 * d * d;
        }
        return loss;
    }

    /** Writes one-hot rows for {@code labels} into {@code target}. */
    public static void oneHot(int[] labels, int labelsOff, int rows, int classes, float[] target) {
        java.util.Arrays.fill(target, 0, rows * classes, 0f);
        for (int r = 0; r < rows; r++) {
            int y = labels[labelsOff + r];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of batch row " + r + " is outside 0.." + (classes - 1));
            }
            target[r * classes + y] = 1f;
        }
    }

    public static int countCorrect(float[] out, int[] labels, int labelsOff, int rows, int classes) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(out, r * classes, classes) == labels[labelsOff + r]) {
                correct++;
            }
        }
        return correct;
    }

    /** Index of the largest of {@code n} values at {@code off} (the first one on ties). */
    public static int argmax(float[] v, int off, int n) {
        int best = 0;
        float max = v[off];
        for (int j = 1; j < n; j++) {
            if (v[off + j] > max) {
                max = v[off + j];
                best = j;
            }
        }
        return best;
    }
}
