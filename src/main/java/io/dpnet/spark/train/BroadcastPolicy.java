package io.dpnet.spark.train;

/**
 * How a block network's embedding tables reach the executors each step.
 *
 * <ul>
 *   <li>{@link #deltas(int)}: executors keep the tables between steps (per JVM, keyed by run and
 *       version); a step broadcasts the dense vector plus the rows the previous update changed.
 *       Every {@code snapshotEvery} steps — and whenever an executor is behind (a new executor, a
 *       lost cache, a retried task) — the full tables are (re)read from a snapshot broadcast.</li>
 *   <li>{@link #fullEveryStep()}: every step broadcasts the whole tables (the reference the delta
 *       path is tested against, and the dense baseline of the bytes benchmark).</li>
 * </ul>
 *
 * @param deltas whether steps send row deltas rather than full tables
 * @param snapshotEvery with deltas: refresh the full snapshot broadcast every this many steps
 */
public record BroadcastPolicy(boolean deltas, int snapshotEvery) implements java.io.Serializable {
    public static final int DEFAULT_SNAPSHOT_EVERY = 100;

    public BroadcastPolicy {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1, got " + snapshotEvery);
        }
    }

    public static BroadcastPolicy deltas(int snapshotEvery) {
        return new BroadcastPolicy(true, snapshotEvery);
    }

    public static BroadcastPolicy fullEveryStep() {
        return new BroadcastPolicy(false, 1);
    }

    /** Deltas, with a full snapshot every {@value #DEFAULT_SNAPSHOT_EVERY} steps. */
    public static BroadcastPolicy defaults() {
        return deltas(DEFAULT_SNAPSHOT_EVERY);
    }
}
