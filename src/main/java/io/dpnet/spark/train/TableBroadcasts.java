package io.dpnet.spark.train;

import io.dpnet.nn.embed.SparseRowGradient;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver side of shipping embedding tables ({@link BroadcastPolicy}).
 *
 * <p>With deltas it keeps one snapshot broadcast and the chain of delta broadcasts since (plus
 * the newest delta, also right after a snapshot was renewed); a step's tasks get handles to all
 * of them ({@link Handle}), but a broadcast is fetched only when read, so an up-to-date
 * executor reads just the newest delta, and the snapshot and older deltas move only to an
 * executor that is behind (new, restarted, evicted, or a task that failed mid-update). Every
 * {@code snapshotEvery} updates the snapshot is renewed and the older chain dropped, which
 * bounds the driver's memory, a task's handle list and a late executor's catch-up.
 *
 * <p>Without deltas, every step broadcasts the whole tables: the reference behaviour.
 */
final class TableBroadcasts implements AutoCloseable {
    private final JavaSparkContext sc;
    private final BroadcastPolicy policy;
    private final String runId = UUID.randomUUID().toString();
    private final float[][] tables;
    private long version;
    private Broadcast<TableSnapshot> snapshot;
    private long snapshotVersion;
    private final List<Broadcast<TableDelta>> chain = new ArrayList<>();
    /** Version of {@code chain.get(0)} (version + 1 while the chain is empty). */
    private long chainFirst = 1;
    private Broadcast<float[][]> full;
    private long stepBytes;
    private long snapshotBytes;

    /** @param tables the driver's live tables (updated in place by the caller, then {@link #updated}) */
    TableBroadcasts(JavaSparkContext sc, BroadcastPolicy policy, float[][] tables) {
        this.sc = sc;
        this.policy = policy;
        this.tables = tables;
        if (policy.deltas()) {
            renewSnapshot();
        }
    }

    private void renewSnapshot() {
        if (snapshot != null) {
            snapshot.destroy();
        }
        TableSnapshot s = TableSnapshot.of(version, tables);
        snapshotBytes += s.payloadBytes();
        snapshot = sc.broadcast(s);
        snapshotVersion = version;
    }

    /** What this step's tasks need to see the current tables. */
    Handle forStep() {
        if (!policy.deltas()) {
            for (float[] t : tables) {
                stepBytes += 4L * t.length;
            }
            full = sc.broadcast(tables);
            return new Handle(full, null, 0, 0, null, 0, null);
        }
        @SuppressWarnings("unchecked")
        Broadcast<TableDelta>[] deltas = chain.toArray(new Broadcast[0]);
        return new Handle(null, runId, version, snapshotVersion, snapshot, chainFirst, deltas);
    }

    /** After a step's tasks are done: drops a per-step full-tables broadcast. */
    void stepDone() {
        if (full != null) {
            full.destroy();
            full = null;
        }
    }

    /** The driver applied an update that changed (at most) the rows of {@code touched}. */
    void updated(SparseRowGradient[] touched) {
        version++;
        if (!policy.deltas()) {
            return;
        }
        TableDelta d = TableDelta.of(version, tables, touched);
        stepBytes += d.payloadBytes();
        if (version - snapshotVersion >= policy.snapshotEvery()) {
            chain.forEach(Broadcast::destroy);
            chain.clear();
            chainFirst = version;
            renewSnapshot();
        }
        chain.add(sc.broadcast(d));
    }

    long version() {
        return version;
    }

    /**
     * Table payload bytes (ids and floats) an up-to-date executor fetches, summed over the steps
     * so far: the newest delta per step, or the whole tables per step without deltas.
     */
    long stepBytes() {
        return stepBytes;
    }

    /** Payload bytes of the snapshots made so far (read only by executors that fell behind). */
    long snapshotBytes() {
        return snapshotBytes;
    }

    @Override
    public void close() {
        stepDone();
        if (snapshot != null) {
            snapshot.destroy();
            snapshot = null;
        }
        chain.forEach(Broadcast::destroy);
        chain.clear();
        if (sc.master().startsWith("local")) {
            // The executors are this JVM: free the replica now rather than when a later run evicts it.
            TableReplicas.evict(runId);
        }
    }

    /** The executor's view: the step's tables, from a full broadcast or the replica cache. */
    static final class Handle implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Broadcast<float[][]> full;
        private final String runId;
        private final long version;
        private final long snapshotVersion;
        private final Broadcast<TableSnapshot> snapshot;
        private final long chainFirst;
        private final Broadcast<TableDelta>[] chain;

        Handle(Broadcast<float[][]> full, String runId, long version, long snapshotVersion,
               Broadcast<TableSnapshot> snapshot, long chainFirst, Broadcast<TableDelta>[] chain) {
            this.full = full;
            this.runId = runId;
            this.version = version;
            this.snapshotVersion = snapshotVersion;
            this.snapshot = snapshot;
            this.chainFirst = chainFirst;
            this.chain = chain;
        }

        /** The tables, read-only. */
        float[][] tables() {
            return full != null ? full.value()
                    : TableReplicas.at(runId, version, snapshotVersion, snapshot, chainFirst, chain);
        }
    }
}
