package io.dpnet.spark.train;

import io.dpnet.nn.embed.BlockGradient;

/**
 * What a partition returns for one step of a block network, and what {@code treeAggregate}
 * merges: the {@link BlockGradient} (dense gradient, one sparse row gradient per table, the
 * weighted loss and weight sums), plus counts for the progress line. The zero value carries no
 * gradient (it is serialized into every task); a task allocates one.
 */
public final class BlockStepSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Null until a task computed something. */
    public BlockGradient gradient;
    /** Rows whose argmax matched the label (classification only). */
    public long correct;
    /** Rows gathered. */
    public long count;
    public long mathNanos;
    /** The slowest task's math time: the step's critical path. */
    public long maxTaskMathNanos;

    public static BlockStepSum empty() {
        return new BlockStepSum();
    }

    /** Adds {@code other} into this with {@link BlockGradient#merge} (or returns it when this is empty). */
    public BlockStepSum merge(BlockStepSum other) {
        if (other.gradient == null) {
            return this;
        }
        if (gradient == null) {
            return other;
        }
        gradient.merge(other.gradient);
        correct += other.correct;
        count += other.count;
        mathNanos += other.mathNanos;
        maxTaskMathNanos = Math.max(maxTaskMathNanos, other.maxTaskMathNanos);
        return this;
    }
}
