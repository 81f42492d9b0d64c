package io.dpnet.spark.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor JVM's copies of a run's embedding tables, kept between steps so that a step
 * ships only the rows the previous update changed. One replica per run (keyed by a run id the
 * driver draws), shared by the JVM's task threads; at most {@value #RUNS} runs are kept (least
 * recently used first out), so an abandoned run's tables do not stay forever.
 *
 * <p>{@link #at} brings the replica to the step's version under a lock: from its own version
 * by the chain of deltas, or — when it is missing, older than the snapshot, or was left
 * half-updated by a failed task — from the snapshot and then the chain. Tasks then only read
 * the tables, and the next step's update comes only after every task of this step has
 * finished, so reads never overlap writes.
 */
final class TableReplicas {
    static final int RUNS = 2;

    private static final class Replica {
        /** The version held; −1 while being rebuilt or after a failure mid-update. */
        long version = -1;
        float[][] tables;
    }

    private static final Map<String, Replica> REPLICAS = new LinkedHashMap<>(4, 0.75f, true);
    private static final AtomicLong SNAPSHOT_LOADS = new AtomicLong();
    private static final AtomicLong DELTAS_APPLIED = new AtomicLong();

    private TableReplicas() {
    }

    /**
     * The tables of run {@code runId} at {@code version}.
     *
     * @param snapshotVersion the version {@code snapshot} holds (at most {@code version})
     * @param chainFirst the version of {@code chain[0]}: the chain holds the deltas of versions
     *     {@code chainFirst .. version}, with {@code chainFirst <= snapshotVersion + 1}
     */
    static synchronized float[][] at(String runId, long version, long snapshotVersion,
                                     Broadcast<TableSnapshot> snapshot, long chainFirst,
                                     Broadcast<TableDelta>[] chain) {
        if (chainFirst + chain.length != version + 1 || chainFirst > snapshotVersion + 1) {
            throw new IllegalStateException("deltas of versions " + chainFirst + ".." + (chainFirst + chain.length - 1)
                    + " cannot bring the snapshot of version " + snapshotVersion + " to version " + version);
        }
        Replica r = REPLICAS.get(runId);
        if (r == null) {
            r = new Replica();
            REPLICAS.put(runId, r);
            while (REPLICAS.size() > RUNS) {
                REPLICAS.remove(REPLICAS.keySet().iterator().next());
            }
        }
        if (r.version > version) {
            // Only a task of an earlier, finished step could ask for an older version.
            throw new IllegalStateException("run " + runId + ": a task asked for table version " + version
                    + " but this executor already holds " + r.version);
        }
        if (r.version == version) {
            return r.tables;
        }
        long from = r.version;
        r.version = -1;
        if (from < 0 || from + 1 < chainFirst) {
            // Missing, half-updated, or too far behind for the deltas kept: start from the snapshot.
            TableSnapshot s = snapshot.value();
            if (s.version != snapshotVersion) {
                throw new IllegalStateException("snapshot of version " + s.version + ", expected " + snapshotVersion);
            }
            r.tables = copyInto(r.tables, s.tables);
            from = snapshotVersion;
            SNAPSHOT_LOADS.incrementAndGet();
        }
        for (long v = from + 1; v <= version; v++) {
            TableDelta d = chain[(int) (v - chainFirst)].value();
            if (d.version != v) {
                throw new IllegalStateException("delta of version " + d.version + ", expected " + v);
            }
            d.applyTo(r.tables);
            DELTAS_APPLIED.incrementAndGet();
        }
        r.version = version;
        return r.tables;
    }

    /** Copies {@code src} into {@code dst}'s arrays when their shapes match, else into new ones. */
    private static float[][] copyInto(float[][] dst, float[][] src) {
        boolean reuse = dst != null && dst.length == src.length;
        for (int t = 0; reuse && t < src.length; t++) {
            reuse = dst[t].length == src[t].length;
        }
        float[][] out = reuse ? dst : new float[src.length][];
        for (int t = 0; t < src.length; t++) {
            if (reuse) {
                System.arraycopy(src[t], 0, out[t], 0, src[t].length);
            } else {
                out[t] = src[t].clone();
            }
        }
        return out;
    }

    /** Forgets run {@code runId}'s replica in this JVM (the driver's, on {@code local[N]}). */
    static synchronized void evict(String runId) {
        REPLICAS.remove(runId);
    }

    /** Forgets every replica in this JVM: what a restarted executor looks like (tests). */
    static synchronized void clear() {
        REPLICAS.clear();
    }

    /** Full snapshots read into a replica so far in this JVM (tests: the fallback ran). */
    static long snapshotLoads() {
        return SNAPSHOT_LOADS.get();
    }

    /** Deltas applied to replicas so far in this JVM. */
    static long deltasApplied() {
        return DELTAS_APPLIED.get();
    }
}
