package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.nn.Dropout;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.UpdateRule;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The synchronous step, one Spark job: broadcast the weights; every partition gathers its members
 * of global mini-batch positions {@code [k·B, (k+1)·B)} and sums their gradients; treeAggregate
 * adds the partitions' sums on the way to the driver, which applies the {@link UpdateRule}.
 */
final class SyncStep implements StepJob {
    private final JavaSparkContext sc;
    private final ShardedData train;
    private final TrainingPlan plan;
    private final long trainingSize;
    private final DriverUpdate driver;

    SyncStep(JavaSparkContext sc, ShardedData train, TrainingPlan plan, long trainingSize) {
        this.sc = sc;
        this.train = train;
        this.plan = plan;
        this.driver = new DriverUpdate(plan.updateRule());
        this.trainingSize = trainingSize;
    }

    @Override
    public int stepsFrom(long step, long stepsPerEpoch) {
        return 1;
    }

    @Override
    public JobResult run(IndexOrder order, long step, long globalStep, float[] rates, float[] params,
                         Optimizer optimizer) {
        long from = step * plan.batchSize();
        long to = Math.min(trainingSize, from + plan.batchSize());
        GradientSum sum = gradient(sc, train, plan, params, order, from, to, globalStep);
        return driver.apply(sum, params, optimizer, rates[0]);
    }

    /**
     * One distributed gradient evaluation: the summed gradient of global mini-batch positions
     * {@code [from, to)} under {@code order}, at {@code params}, as global step {@code globalStep}
     * (0-based; it keys the dropout masks). Fails if any sample was lost.
     */
    static GradientSum gradient(JavaSparkContext sc, ShardedData train, TrainingPlan plan, float[] params,
                                IndexOrder order, long from, long to, long globalStep) {
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            int chunk = TrainingPlan.chunkRows(from, to);
            Dropout active = plan.dropout().active() ? plan.dropout() : null;
            // glom: one element per partition (its shard, or out of core its window's blocks), gathered in one pass.
            GradientSum sum = train.shards(order, from, to).glom().treeAggregate(GradientSum.empty(),
                    gradientOfShard(new ShardTask(plan.model(), plan.kernel(), chunk, active, plan.seed()), weights,
                            order, from, to, globalStep), GradientSum::merge, plan.treeDepth());
            if (sum.count != to - from) {
                throw new IllegalStateException("mini-batch positions [" + from + ", " + to + ") gathered "
                        + sum.count + " samples across partitions, expected " + (to - from));
            }
            return sum;
        } finally {
            weights.destroy();
        }
    }

    /** What a step's tasks need that is fixed for the run. */
    record ShardTask(ModelSpec spec, String kernel, int chunk, Dropout dropout, long seed)
            implements java.io.Serializable {
    }

    /**
     * The per-partition work of a step. Static, so the closure captures only what it names —
     * never the job or the SparkContext.
     */
    private static Function2<GradientSum, List<Shard>, GradientSum> gradientOfShard(ShardTask task,
                                                                              Broadcast<float[]> weights,
                                                                              IndexOrder order, long from, long to,
                                                                              long globalStep) {
        return (acc, shards) -> {
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(task.spec(), task.chunk(), task.kernel());
            float[] params = weights.value();
            Sequential net = new Sequential(task.spec());
            long before = acc.mathNanos;
            ShardGather.forEachChunk(shards, order, from, to, slot, task.chunk(),
                    rows -> GradientPass.accumulate(net, params, slot, rows, acc, task.dropout(), task.seed(),
                            globalStep));
            acc.maxTaskMathNanos = Math.max(acc.maxTaskMathNanos, acc.mathNanos - before);
            return acc;
        };
    }
}
