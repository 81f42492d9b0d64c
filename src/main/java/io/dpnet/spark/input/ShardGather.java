package io.dpnet.spark.input;

import io.dpnet.data.IndexOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Copies the samples a shard holds among positions {@code [from, to)} of an {@link IndexOrder}
 * into a slot's reused buffers (features, labels, global ids), handing over every full chunk —
 * how a partition finds its share of a global mini-batch or of a validation split without any
 * per-sample objects.
 */
public final class ShardGather {
    /** Receives {@code rows} gathered samples at the start of the slot's buffers. */
    @FunctionalInterface
    public interface Chunk {
        void accept(int rows) throws Exception;
    }

    private ShardGather() {
    }

    public static void forEachChunk(Shard shard, IndexOrder order, long from, long to, ExecutorWorkspaces.Slot slot,
                             int chunkRows, Chunk chunk) throws Exception {
        forEachChunk(List.of(shard), order, from, to, slot, chunkRows, chunk);
    }

    /**
     * The same over all the shards a partition holds (one in memory, its window's blocks out of
     * core), in ONE pass over the positions: the rows are gathered in position order into full
     * chunks however many blocks they come from, so a partition's forward/backward passes stay as
     * large as with one shard. {@code shards} may be in any order and must not overlap.
     */
    public static void forEachChunk(List<Shard> shards, IndexOrder order, long from, long to,
                                    ExecutorWorkspaces.Slot slot, int chunkRows, Chunk chunk) throws Exception {
        if (shards.isEmpty()) {
            return;
        }
        Shard[] byStart = shards.toArray(Shard[]::new);
        Arrays.sort(byStart, Comparator.comparingInt(Shard::start));
        long[] starts = new long[byStart.length];
        for (int i = 0; i < byStart.length; i++) {
            starts[i] = byStart[i].start();
        }
        int features = byStart[0].features();
        int rows = 0;
        for (long pos = from; pos < to; pos++) {
            long index = order.indexAt(pos);
            int i = Arrays.binarySearch(starts, index);
            if (i < 0) {
                i = -i - 2;
            }
            if (i < 0 || !byStart[i].holds(index)) {
                continue;
            }
            Shard shard = byStart[i];
            int local = (int) (index - shard.start());
            shard.copyRows(local, 1, slot.x, rows * features);
            slot.ids[rows] = index;
            slot.y[rows++] = shard.label(local);
            if (rows == chunkRows) {
                chunk.accept(rows);
                rows = 0;
            }
        }
        if (rows > 0) {
            chunk.accept(rows);
        }
    }
}
