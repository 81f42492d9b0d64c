package io.dpnet.spark.plan;

/**
 * A real synchronous step that {@link SparkProbe} times next to its bare jobs: the engine's own
 * job (one per step) on the real cached training shards, at a batch so small that its math is
 * almost nothing, so what remains is what the real step pays beside the math. Supplied from above
 * (the engine lives in {@code spark.train}, which this package may not import).
 */
public interface RealStep {
    /** The training shards' partitions: the step's task count. */
    int partitions();

    /** Runs one step; returns the nanoseconds its slowest task spent in math (to take out). */
    long runReturningMathNanos();
}
