package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.nn.embed.BlockGradient;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.spark.input.TabularShard;
import io.dpnet.spark.input.TabularShards;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous step of a block network, one Spark job: broadcast the dense vector (and give
 * the tasks a {@link TableBroadcasts.Handle} to the tables); every partition gathers its members
 * of global batch positions {@code [from, to)} and computes their {@link BlockGradient};
 * {@code treeAggregate} merges the partitions' sums. The update is the caller's.
 */
final class BlockStep {
    private BlockStep() {
    }

    /** The merged gradient of positions {@code [from, to)} at the current parameters; fails if a row was lost. */
    static BlockStepSum gradient(JavaSparkContext sc, TabularShards train, BlockTask task, float[] dense,
                                 TableBroadcasts tables, IndexOrder order, long from, long to, int treeDepth) {
        Broadcast<float[]> weights = sc.broadcast(dense);
        try {
            TableBroadcasts.Handle handle = tables.forStep();
            BlockStepSum sum = train.shards().treeAggregate(BlockStepSum.empty(),
                    ofShard(task, weights, handle, order, from, to), BlockStepSum::merge, treeDepth);
            if (sum.count != to - from) {
                throw new IllegalStateException("mini-batch positions [" + from + ", " + to + ") gathered "
                        + sum.count + " rows across partitions, expected " + (to - from));
            }
            return sum;
        } finally {
            weights.destroy();
            tables.stepDone();
        }
    }

    /** The per-partition work. Static, so the closure captures only what it names. */
    private static Function2<BlockStepSum, TabularShard, BlockStepSum> ofShard(BlockTask task, Broadcast<float[]> weights,
                                                                              TableBroadcasts.Handle handle,
                                                                              IndexOrder order, long from, long to) {
        return (acc, shard) -> {
            BlockSlot slot = BlockSlot.get(task);
            BlockParams params = new BlockParams(weights.value(), new EmbeddingTables(task.inputs(), handle.tables()));
            BlockStepSum mine = new BlockStepSum();
            mine.gradient = new BlockGradient(task.dense().paramCount(), task.inputs());
            for (long pos = from; pos < to; pos++) {
                long index = order.indexAt(pos);
                if (!shard.holds(index)) {
                    continue;
                }
                slot.add(shard, (int) (index - shard.start()));
                if (slot.rows == slot.maxRows) {
                    pass(slot, params, mine);
                }
            }
            if (slot.rows > 0) {
                pass(slot, params, mine);
            }
            if (mine.count == 0) {
                return acc; // none of this step's rows live here: send nothing rather than zeros
            }
            mine.maxTaskMathNanos = mine.mathNanos;
            return acc.merge(mine);
        };
    }

    private static void pass(BlockSlot slot, BlockParams params, BlockStepSum into) {
        long t0 = System.nanoTime();
        slot.net.gradient(params, slot.batch(), into.gradient, slot.ws);
        into.mathNanos += System.nanoTime() - t0;
        into.correct += slot.correct();
        into.count += slot.rows;
        slot.reset();
    }
}
