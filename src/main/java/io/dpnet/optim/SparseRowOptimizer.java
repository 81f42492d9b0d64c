package io.dpnet.optim;

import io.dpnet.nn.embed.SparseRowGradient;

/**
 * An update rule for one embedding table that touches only the rows present in a step's
 * {@link SparseRowGradient} ("lazy" updates). Per step its cost is proportional to the touched
 * rows, never to the table: a 10⁶-row table whose batch touched 1 000 rows costs 1 000 rows.
 *
 * <p>What lazy means, exactly, for a row that is absent from a step's gradient:
 * <ul>
 *   <li>{@code sgd}: nothing — the same as dense SGD, where a zero gradient moves nothing.</li>
 *   <li>{@code momentum}: its velocity is not decayed and the row does not move. Dense momentum
 *       would decay {@code v ← μ·v} and keep moving the row by {@code η·v} (heavy-ball coasting).</li>
 *   <li>{@code adam}: its moments {@code m, v} are not decayed and the row does not move. Dense
 *       Adam would decay {@code m ← β₁m, v ← β₂v} and still move the row by
 *       {@code η·m̂/(√v̂ + ε)}. When the row is next touched, its moments resume from the frozen
 *       values (as if the skipped steps had not happened), while bias correction uses the
 *       global step count {@code t} — the convention of TensorFlow's LazyAdam and PyTorch's
 *       SparseAdam.</li>
 * </ul>
 * When every row is touched at every step the lazy and dense rules coincide bit for bit
 * (tested against {@link Sgd}, {@link Momentum} and {@link Adam}). Like {@link Optimizer}, the
 * gradient is the MEAN (the driver has scaled the summed rows), and instances are not thread-safe.
 */
public interface SparseRowOptimizer {
    /** Updates the touched rows of {@code table} ({@code tableRows × dim}, row-major) in place. */
    void step(float[] table, SparseRowGradient meanGrad, float learningRate);

    /** Snapshot of all state (per-row slots and step count), deep-copied. */
    OptimizerState state();

    /** Restores a snapshot of the same kind and shape. */
    void restore(OptimizerState state);

    /** {@code sgd}, {@code momentum} or {@code adam}: the dense rule this one is the lazy form of. */
    String name();

    /** Builds the lazy form of a dense optimizer, with its hyper-parameters, for one table. */
    static SparseRowOptimizer like(Optimizer dense, int tableRows, int dim) {
        if (dense instanceof Adam a) {
            return new LazyAdam(tableRows, dim, a.beta1(), a.beta2(), a.epsilon());
        }
        if (dense instanceof Momentum m) {
            return new LazyMomentum(tableRows, dim, m.momentum(), m.nesterov());
        }
        if (dense instanceof Sgd) {
            return new SparseSgd(tableRows, dim);
        }
        throw new IllegalArgumentException("no lazy form of the " + dense.name() + " optimizer");
    }
}
