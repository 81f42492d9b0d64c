package io.dpnet.spark.input;

import io.dpnet.data.IndexOrder;

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
        int features = shard.features();
        int rows = 0;
        for (long pos = from; pos < to; pos++) {
            long index = order.indexAt(pos);
            if (!shard.holds(index)) {
                continue;
            }
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
