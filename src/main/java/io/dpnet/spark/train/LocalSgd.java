package io.dpnet.spark.train;

import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.ParamSum;

import io.dpnet.data.IndexOrder;
import io.dpnet.nn.Dropout;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.OptimizerSpec;
import io.dpnet.optim.OptimizerState;
import io.dpnet.optim.StateAverage;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.UpdateRule;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Local SGD ({@code sync=average}): one Spark job per round of {@code k = sync.localSteps} steps
 * instead of one per step, for when a step's math is too small to pay for a Spark job.
 *
 * <p>A round starts from the broadcast parameters AND optimizer state. Every partition then takes
 * k steps of its own: step j uses exactly the partition's members of global mini-batch j (the
 * positions synchronous SGD would use, so the sample schedule is unchanged) and that step's
 * scheduled learning rate, with the gradient averaged over the partition's own samples. The
 * driver replaces parameters and optimizer state by their sample-weighted averages over the
 * partitions ({@link StateAverage}), and advances the optimizer's step count by k. A partition
 * holding none of a step's samples still takes that step (zero data gradient), so every
 * replica's optimizer state advances by exactly those k steps.
 *
 * <p>Why the optimizer state travels with the parameters and is averaged (rather than restarted
 * every round, or kept on the driver for an outer step): it is the simplest rule that is exact
 * where it can be — for {@code sgd} and {@code momentum}, k = 1 reproduces synchronous SGD up to
 * float rounding, because the updates and the velocity are linear in the gradient — and it keeps
 * Adam's moments and bias correction continuous across rounds (a restarted Adam takes ~η-sized
 * sign steps at the start of every round; an outer optimizer adds hyper-parameters to tune).
 * The price is shipping the state both ways (3× the parameters for Adam) once per round, which
 * is small next to k jobs. Checkpoints hold the averaged state, so resume is exact at round
 * boundaries (rounds never cross an epoch's end, and checkpoints are written after a round).
 */
final class LocalSgd implements StepJob {
    /** Everything a task needs that is fixed for the run (captured by value in the closure). */
    record Plan(ModelSpec spec, OptimizerSpec optimizer, UpdateRule update, String kernel, Dropout dropout, long seed,
                int batch, long trainingSize, int chunk) implements Serializable {
    }

    private final JavaSparkContext sc;
    private final ShardedData train;
    private final Plan plan;
    private final int localSteps;
    private final int treeDepth;

    LocalSgd(JavaSparkContext sc, ShardedData train, TrainingPlan training, long trainingSize) {
        this.sc = sc;
        this.train = train;
        // A partition's share of one step is about batch/P rows; chunks as for sync steps.
        int chunk = Math.min(TrainingPlan.MAX_CHUNK_ROWS, training.batchSize());
        this.plan = new Plan(training.model(), training.optimizer(), training.updateRule(), training.kernel(),
                training.dropout().active() ? training.dropout() : null, training.seed(), training.batchSize(),
                trainingSize, chunk);
        this.localSteps = training.localSteps();
        this.treeDepth = training.treeDepth();
    }

    @Override
    public int stepsFrom(long step, long stepsPerEpoch) {
        // Rounds never cross an epoch's end, so checkpoints at epoch ends fall on round boundaries.
        return (int) Math.min(localSteps, stepsPerEpoch - step);
    }

    @Override
    public JobResult run(IndexOrder order, long step, long globalStep, float[] rates, float[] params,
                         Optimizer optimizer) {
        ParamSum sum = round(params, optimizer, order, step, globalStep, rates);
        return new JobResult(sum.lossSum, sum.correct, sum.count, sum.maxTaskMathNanos,
                DistributedTrainer.finite(sum.lossSum, params));
    }

    /**
     * Runs one round: global steps {@code globalStep … globalStep + rates.length − 1}, which are
     * steps {@code firstStep …} of the epoch ordered by {@code order}; updates {@code params} and
     * {@code optimizer} in place and returns the partitions' summed figures.
     */
    private ParamSum round(float[] params, Optimizer optimizer, IndexOrder order, long firstStep, long globalStep,
                           float[] rates) {
        OptimizerState state = optimizer.state();
        float[][] start = new float[1 + state.slots().size()][];
        start[0] = params;
        for (int s = 0; s < state.slots().size(); s++) {
            start[1 + s] = state.slots().get(s);
        }
        Broadcast<float[][]> broadcast = sc.broadcast(start);
        ParamSum sum;
        try {
            long from = firstStep * plan.batch();
            long to = Math.min(plan.trainingSize(), (firstStep + rates.length) * plan.batch());
            // glom: one replica per partition, whatever number of blocks it holds out of core.
            sum = train.shards(order, from, to).glom().treeAggregate(ParamSum.empty(),
                    roundOfShard(plan, broadcast, state.step(), order, firstStep, globalStep, rates),
                    ParamSum::merge, treeDepth);
        } finally {
            broadcast.destroy();
        }
        long expected = Math.min(plan.trainingSize(), (firstStep + rates.length) * plan.batch())
                - firstStep * plan.batch();
        if (sum.count != expected) {
            throw new IllegalStateException("local steps " + firstStep + ".." + (firstStep + rates.length - 1)
                    + " gathered " + sum.count + " samples across partitions, expected " + expected);
        }
        StateAverage.addScaled(params, sum.paramDelta, (float) (1.0 / sum.count));
        // Clamps Adam's averaged second moment at 0: the float average can round below it.
        optimizer.restore(StateAverage.averaged(state, sum.slotDelta, sum.count, rates.length));
        return sum;
    }

    /** The per-partition round. Static, so the closure captures only what it names. */
    static Function2<ParamSum, List<Shard>, ParamSum> roundOfShard(Plan plan, Broadcast<float[][]> start,
                                                             long optimizerStep, IndexOrder order, long firstStep,
                                                             long globalStep, float[] rates) {
        return (acc, shards) -> {
            float[][] s0 = start.value();
            // The broadcast value is shared by every task of this executor (and, in local mode,
            // by the driver): work on copies.
            float[] w = s0[0].clone();
            Optimizer local = plan.optimizer().create(w.length);
            local.restore(new OptimizerState(local.name(), optimizerStep, Arrays.asList(s0).subList(1, s0.length)));
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(plan.spec(), plan.chunk(), plan.kernel());
            Sequential net = new Sequential(plan.spec());
            GradientSum g = GradientSum.empty();
            g.gradient = new double[w.length];
            float[] mean = new float[w.length];
            for (int j = 0; j < rates.length; j++) {
                long from = (firstStep + j) * plan.batch();
                long to = Math.min(plan.trainingSize(), from + plan.batch());
                long before = g.count;
                Arrays.fill(g.gradient, 0d);
                long step = globalStep + j;
                ShardGather.forEachChunk(shards, order, from, to, slot, plan.chunk(), rows ->
                        GradientPass.accumulate(net, w, slot, rows, g, plan.dropout(), plan.seed(), step));
                long n = g.count - before;
                // A step none of whose samples live here is still a step: a zero data gradient (plus
                // L2 decay), so this replica's step count, bias correction and moment decay stay
                // those of the k steps the driver counts, like every other replica's.
                plan.update().applyMean(w, UpdateRule.mean(g.gradient, Math.max(n, 1), mean), local, rates[j]);
            }
            if (g.count == 0) {
                return acc;
            }
            ParamSum mine = new ParamSum();
            float n = g.count;
            mine.paramDelta = weightedDelta(w, s0[0], n);
            OptimizerState end = local.state();
            mine.slotDelta = new float[end.slots().size()][];
            for (int s = 0; s < mine.slotDelta.length; s++) {
                mine.slotDelta[s] = weightedDelta(end.slots().get(s), s0[1 + s], n);
            }
            mine.lossSum = g.lossSum;
            mine.correct = g.correct;
            mine.count = g.count;
            mine.mathNanos = g.mathNanos;
            mine.maxTaskMathNanos = g.mathNanos;
            return acc.merge(mine);
        };
    }

    /** {@code n · (now − before)}, in place in {@code now}. */
    private static float[] weightedDelta(float[] now, float[] before, float n) {
        for (int i = 0; i < now.length; i++) {
            now[i] = n * (now[i] - before[i]);
        }
        return now;
    }
}
