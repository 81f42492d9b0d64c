package io.dpnet.nn;

import java.util.Locale;

/** The training losses. Both are summed per sample; the trainer divides by the batch size. */
public enum LossKind {
    /**
     * Cross-entropy on a softmax output, fused with it: the gradient w.r.t. the logits is
     * {@code p − y}, computed from a log-sum-exp-stable softmax.
     */
    CROSS_ENTROPY("cross_entropy"),
    /** Mean squared error {@code ½·Σ(a − t)²}, through any output activation. */
    MSE("mse");

    private final String label;

    LossKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static LossKind parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (LossKind k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + text + "' (expected cross_entropy or mse)");
    }

    @Override
    public String toString() {
        return label;
    }
}
