package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.TrainingPlan;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Times one Spark job per step as training runs it ({@link SyncStep}: the weights' broadcast, the
 * treeAggregate over the cached shards, {@link DriverUpdate} with the plan's optimizer and
 * schedule) for {@code dpnet plan}'s cost model: blocks as long as an epoch's full batches, per
 * step its time beside the slowest task's math and that math. The model's bare-job constants are
 * means of small jobs on idle executors; these are the steps a training epoch pays for.
 */
public final class JobStepTimer {
    private JobStepTimer() {
    }

    /**
     * What to time: steps of {@code plan} (its batch, partitions' treeDepth, model, optimizer) on
     * {@code train}'s partitions, from {@code initialParams} (a trained network's sparser
     * activations make the math cheaper); they are updated in a copy, as training would.
     */
    public record Setup(ShardedData train, TrainingPlan plan, float[] initialParams) {
        public Setup {
            if (initialParams.length != plan.model().paramCount()) {
                throw new IllegalArgumentException("the initial weights have " + initialParams.length
                        + " parameters, the model " + plan.model() + " needs " + plan.model().paramCount());
            }
        }
    }

    /**
     * Per timed block: {@code beside[r]}, the mean seconds per step beside the slowest task's math
     * (with the job, the gather, the results and the driver's update); {@code math[r]}, the mean
     * slowest task's math per step; {@code blockSteps}, the steps in a block.
     */
    public record Timings(double[] beside, double[] math, int blockSteps) {
    }

    /**
     * Runs {@code warmup} untimed steps, then {@code rounds} blocks of an epoch's full batches (the
     * validation split held out; at most {@link ResidentStepTimer#MAX_EPOCH_BLOCK}, at least 1).
     */
    public static Timings time(JavaSparkContext sc, Setup setup, int warmup, int rounds) {
        if (warmup < 0 || rounds < 1) {
            throw new IllegalArgumentException("warm-up steps must be 0 or more and rounds at least 1, got "
                    + warmup + " and " + rounds);
        }
        TrainingPlan plan = setup.plan();
        TrainValidationSplit split = TrainValidationSplit.of(setup.train().count(), plan.validationFraction(),
                plan.seed());
        long n = split.trainingSize();
        long full = Math.max(1, ResidentStepTimer.fullBatches(setup.train().count(), plan));
        int block = (int) Math.min(ResidentStepTimer.MAX_EPOCH_BLOCK, full);
        IndexOrder order = setup.train().epochOrder(split, plan.seed(), 1);
        LearningRateSchedule schedule = plan.schedule().build((n + plan.batchSize() - 1) / plan.batchSize(),
                plan.epochs());
        Optimizer optimizer = plan.optimizer().create(plan.model().paramCount());
        float[] params = setup.initialParams().clone();
        SyncStep engine = new SyncStep(sc, setup.train(), plan, n);
        double[] beside = new double[rounds];
        double[] math = new double[rounds];
        for (int i = -warmup; i < rounds * block; i++) {
            long global = i + warmup;
            long step = global % full;
            float[] rate = {(float) schedule.rate(global)};
            long t0 = System.nanoTime();
            StepJob.JobResult r = engine.run(order, step, global, rate, params, optimizer);
            long wall = System.nanoTime() - t0;
            if (!r.finite()) {
                throw new IllegalStateException("a timed step diverged (step " + step + ")");
            }
            if (i >= 0) {
                beside[i / block] += (wall - r.maxTaskMathNanos()) / 1e9 / block;
                math[i / block] += r.maxTaskMathNanos() / 1e9 / block;
            }
        }
        return new Timings(beside, math, block);
    }
}
