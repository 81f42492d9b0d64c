package io.dpnet.optim;

import java.util.Locale;

/**
 * Which lazy rule updates the embedding tables (see {@link SparseRowOptimizer} for what "lazy"
 * means for rows a step did not touch). Hyper-parameters (betas, epsilon, momentum, Nesterov)
 * come from the dense stack's {@link OptimizerSpec}; the learning rate is the step's scheduled
 * rate, as for the stack. Weight decay is never applied to tables.
 */
public enum EmbeddingOptimizer {
    /** The lazy form of the dense optimizer: adam → lazy Adam, momentum → lazy momentum, sgd → sparse SGD. */
    AUTO("auto"),
    LAZY_ADAM("lazy_adam"),
    LAZY_MOMENTUM("lazy_momentum"),
    SPARSE_SGD("sgd");

    private final String label;

    EmbeddingOptimizer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses {@code auto}, {@code lazy_adam}, {@code lazy_momentum} or {@code sgd} (case-insensitive). */
    public static EmbeddingOptimizer parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EmbeddingOptimizer e : values()) {
            if (e.label.equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown embedding optimizer '" + text
                + "' (expected auto, lazy_adam, lazy_momentum or sgd)");
    }

    /**
     * A fresh rule for one {@code tableRows × dim} table.
     *
     * @throws IllegalArgumentException for {@link #AUTO} with a dense optimizer that has no lazy
     *     form (lamb, lars): choose one of the explicit rules
     */
    public SparseRowOptimizer create(OptimizerSpec dense, int tableRows, int dim) {
        return switch (this) {
            case AUTO -> switch (dense.kind()) {
                case ADAM -> LAZY_ADAM.create(dense, tableRows, dim);
                case MOMENTUM -> LAZY_MOMENTUM.create(dense, tableRows, dim);
                case SGD -> SPARSE_SGD.create(dense, tableRows, dim);
                default -> throw new IllegalArgumentException("the " + dense.kind() + " optimizer has no lazy form for "
                        + "embedding tables; choose the embedding optimizer lazy_adam, lazy_momentum or sgd");
            };
            case LAZY_ADAM -> new LazyAdam(tableRows, dim, (float) dense.beta1(), (float) dense.beta2(),
                    (float) dense.epsilon());
            case LAZY_MOMENTUM -> new LazyMomentum(tableRows, dim, (float) dense.momentum(), dense.nesterov());
            case SPARSE_SGD -> new SparseSgd(tableRows, dim);
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
