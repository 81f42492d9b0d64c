package io.dpnet.nn;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * An element-wise (or, for softmax, row-wise) activation function with its backward pass.
 *
 * <p>Operates on row-major mini-batch blocks ({@code rows × cols} floats) so that nothing is
 * allocated per sample. Backward passes receive both the pre-activation {@code z} and the
 * activation {@code a}: each function uses whichever makes its derivative cheapest (relu needs
 * the sign of z, sigmoid/tanh/softmax are cheapest from a).
 */
public final class Activation implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The activation functions dpnet knows; names are the config/model-file spelling. */
    public enum Kind {
        LINEAR("linear"), RELU("relu"), LEAKY_RELU("leaky_relu"), SIGMOID("sigmoid"), TANH("tanh"),
        SOFTMAX("softmax");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The leaky-relu slope used when none is given (the notebook's default). */
    public static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    public static final Activation LINEAR = new Activation(Kind.LINEAR, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, 0f);
    public static final Activation SOFTMAX = new Activation(Kind.SOFTMAX, 0f);

    private final Kind kind;
    private final float alpha;

    private Activation(Kind kind, float alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    public static Activation leakyRelu(float alpha) {
        if (!(alpha >= 0f && alpha < 1f)) {
            throw new IllegalArgumentException("leaky_relu alpha must be in [0, 1), got " + alpha);
        }
        return new Activation(Kind.LEAKY_RELU, alpha);
    }

    /**
     * Parses the config spelling: {@code relu}, {@code leaky_relu}, {@code leaky_relu(0.05)},
     * {@code linear}, {@code sigmoid}, {@code tanh}, {@code softmax} (case-insensitive).
     */
    public static Activation parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("leaky_relu")) {
            String rest = s.substring("leaky_relu".length()).trim();
            if (rest.isEmpty()) {
                return leakyRelu(DEFAULT_LEAKY_ALPHA);
            }
            if (rest.startsWith("(") && rest.endsWith(")")) {
                try {
                    return leakyRelu(Float.parseFloat(rest.substring(1, rest.length() - 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad leaky_relu alpha in '" + text + "'", e);
                }
            }
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.LEAKY_RELU && k.label.equals(s)) {
                return switch (k) {
                    case LINEAR -> LINEAR;
                    case RELU -> RELU;
                    case SIGMOID -> SIGMOID;
                    case TANH -> TANH;
                    case SOFTMAX -> SOFTMAX;
                    case LEAKY_RELU -> throw new AssertionError();
                };
            }
        }
        throw new IllegalArgumentException("unknown activation '" + text
                + "' (expected one of: linear, relu, leaky_relu, leaky_relu(alpha), sigmoid, tanh, softmax)");
    }

    public Kind kind() {
        return kind;
    }

    public float alpha() {
        return alpha;
    }

    /** Computes {@code a = f(z)} for a {@code rows × cols} block; {@code a} may be {@code z}. */
    public void forward(float[] z, float[] a, int rows, int cols) {
        int n = rows * cols;
        switch (kind) {
            case LINEAR -> {
                if (a != z) {
                    System.arraycopy(z, 0, a, 0, n);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(z[i], 0f);
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = z[i];
                    a[i] = v > 0f ? v : alpha * v;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    a[i] = sigmoid(z[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) Math.tanh(z[i]);
                }
            }
            case SOFTMAX -> softmaxRows(z, a, rows, cols);
        }
    }

    /**
     * Computes {@code dL/dz} from {@code dL/da}. {@code gradZ} may alias {@code gradA}.
     *
     * <p>Softmax uses the Jacobian-vector product {@code s ⊙ (g − ⟨g, s⟩)} per row — the
     * notebook's materialized {@code diag(s) − s sᵀ} Jacobian costs O(classes²) per sample.
     */
    public void backward(float[] z, float[] a, float[] gradA, float[] gradZ, int rows, int cols) {
        int n = rows * cols;
        switch (kind) {
            case LINEAR -> {
                if (gradZ != gradA) {
                    System.arraycopy(gradA, 0, gradZ, 0, n);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    gradZ[i] = z[i] > 0f ? gradA[i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    gradZ[i] = z[i] > 0f ? gradA[i] : alpha * gradA[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float s = a[i];
                    gradZ[i] = gradA[i] * s * (1f - s);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    float t = a[i];
                    gradZ[i] = gradA[i] * (1f - t * t);
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += (double) gradA[o + j] * a[o + j];
                    }
                    float d = (float) dot;
                    for (int j = 0; j < cols; j++) {
                        gradZ[o + j] = a[o + j] * (gradA[o + j] - d);
                    }
                }
            }
        }
    }

    /** Numerically stable row-wise softmax (subtracts each row's max before exp). */
    static void softmaxRows(float[] z, float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(z[o + j] - max);
                a[o + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                a[o + j] *= inv;
            }
        }
    }

    private static float sigmoid(float x) {
        // Split by sign so exp never overflows.
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** The canonical spelling, parseable by {@link #parse}. */
    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? kind.label + "(" + alpha + ")" : kind.label;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation other && other.kind == kind && Float.compare(other.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, alpha);
    }
}
