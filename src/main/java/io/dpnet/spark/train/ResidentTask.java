package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.nn.Sequential;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * One partition's task of a resident barrier job: it keeps its shards, workspace and sum buffer
 * for the whole job and loops — wait for the driver's next step, sum the gradient of its members
 * of that global mini-batch (exactly {@link SyncStep}'s per-partition work), post the sum — until
 * the driver closes the exchange. Returns nothing (the job is counted, not collected). It reaches
 * the driver in memory in local mode and over Spark RPC on a cluster ({@link ResidentChannel}).
 *
 * <p>Any failure is posted to the driver before it propagates, so the driver stops waiting at
 * once instead of at a timeout. A task that finds the exchange already closed (a retried attempt
 * of a barrier stage the driver has given up on) does nothing.
 */
final class ResidentTask extends AbstractFunction1<Iterator<Shard>, Iterator<Long>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long exchangeId;
    private final SyncStep.ShardTask task;
    /** The largest chunk any step of the job uses: the workspace is sized for it once. */
    private final int maxChunk;
    /** Null in local mode; on a cluster, where the driver listens and the epoch's sample order. */
    private final Remote remote;

    /** A cluster job's tasks: the driver's endpoint, and the order they cannot share by reference. */
    record Remote(ResidentEndpoint.Address driver, IndexOrder order) implements Serializable {
    }

    ResidentTask(long exchangeId, SyncStep.ShardTask task, int maxChunk, Remote remote) {
        this.exchangeId = exchangeId;
        this.task = task;
        this.maxChunk = maxChunk;
        this.remote = remote;
    }

    @Override
    public Iterator<Long> apply(Iterator<Shard> input) {
        TaskContext context = TaskContext.get();
        int partition = context.partitionId();
        ResidentChannel channel;
        if (remote == null) {
            ResidentExchange local = ResidentExchange.lookup(exchangeId);
            if (local == null) {
                return scala.collection.Iterator$.MODULE$.empty();
            }
            channel = new ResidentChannel.InJvm(local, partition);
        } else {
            channel = RemoteChannel.connect(remote, exchangeId, partition, task.spec().paramCount());
        }
        if (context.stageAttemptNumber() > 0 || context.attemptNumber() > 0) {
            // Spark retries a barrier stage after a task failed; the driver has given up on (or is
            // about to abandon) this job, and a second task writing a sum buffer would race its reads.
            channel.fail(new IllegalStateException("Spark retried the resident step tasks after a task failed"));
            return scala.collection.Iterator$.MODULE$.empty();
        }
        try {
            List<Shard> shards = new ArrayList<>();
            while (input.hasNext()) {
                shards.add(input.next());
            }
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(task.spec(), maxChunk, task.kernel());
            Sequential net = new Sequential(task.spec());
            int paramCount = task.spec().paramCount();
            for (ResidentExchange.Work w = channel.first(context::isInterrupted); w != null;
                    w = channel.next(w, context::isInterrupted)) {
                GradientSum acc = channel.clearedSum(paramCount);
                ResidentExchange.Work step = w;
                // The chunk size SyncStep uses for this step, so every forward/backward pass is the same.
                int chunk = TrainingPlan.chunkRows(step.from(), step.to());
                ShardGather.forEachChunk(shards, step.order(), step.from(), step.to(), slot, chunk,
                        rows -> GradientPass.accumulate(net, step.params(), slot, rows, acc, task.dropout(),
                                task.seed(), step.globalStep()));
                acc.maxTaskMathNanos = acc.mathNanos;
            }
            return scala.collection.Iterator$.MODULE$.empty();
        } catch (Throwable t) {
            channel.fail(t);
            throw ResidentTask.<RuntimeException>sneaky(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
