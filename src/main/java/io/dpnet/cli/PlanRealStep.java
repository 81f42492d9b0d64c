package io.dpnet.cli;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.plan.Measured;
import io.dpnet.plan.StepMath;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.plan.RealStep;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.train.GradientSum;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The plan's calibration step: the engine's own one-job-per-step synchronous step
 * ({@link DistributedTrainer#step}: weights broadcast, the ShardTask closure over the real cached
 * training shards and the epoch order, GradientSum results) at a batch of 8 samples per partition,
 * with random (incompressible) weights. Its math is tiny and taken out by the probe, so what it
 * times is the real job's cost beside the math. treeDepth 1: no tree level, whose cost the probe
 * measures apart. {@link #stepMath} runs it at the configured batch instead, for the math alone.
 */
final class PlanRealStep implements RealStep, AutoCloseable {
    private static final int ROWS_PER_PARTITION = 8;

    private final ShardedData train;
    private final DistributedTrainer trainer;
    private final IndexOrder order;
    private final float[] params;
    private final int batch;
    private final int configuredBatch;
    private final long steps;
    private long next;

    private PlanRealStep(ShardedData train, DistributedTrainer trainer, IndexOrder order, float[] params,
                         int configuredBatch) {
        this.train = train;
        this.trainer = trainer;
        this.order = order;
        this.params = params;
        this.batch = ROWS_PER_PARTITION * train.partitions();
        this.configuredBatch = configuredBatch;
        this.steps = Math.max(1, order.size() / batch);
    }

    /** The calibration step, or (step null) why there is none. */
    record Opened(PlanRealStep step, String whyNot) {
        static Opened not(String why) {
            return new Opened(null, why);
        }
    }

    /**
     * Loads the configured IDX training set into {@code partitions} cached shards, or says why it
     * cannot (the plan then goes without the calibration and prints so).
     */
    static Opened open(JavaSparkContext sc, Configuration hadoop, TrainConfig config, int partitions) {
        PlanTrainingSet training = PlanTrainingSet.open(hadoop, config);
        if (training.set() == null) {
            return Opened.not(training.whyNot());
        }
        IdxDataset set = training.set();
        TrainConfig depthOne = config.with("treeDepth=1");
        ShardedData train = ShardedData.load(sc, set, partitions, "plan-calibration");
        DistributedTrainer trainer = new DistributedTrainer(sc, depthOne);
        IndexOrder order = TrainValidationSplit.of(train.count(), depthOne.plan().validationFraction(),
                depthOne.seed()).epochOrder(1);
        float[] params = new float[config.modelSpec().paramCount()];
        Random random = new Random(depthOne.seed());
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (0.05 * random.nextGaussian());
        }
        return new Opened(new PlanRealStep(train, trainer, order, params, config.batchSize()), null);
    }

    @Override
    public int partitions() {
        return train.partitions();
    }

    @Override
    public long runReturningMathNanos() {
        long k = next++ % steps;
        long from = k * batch;
        GradientSum sum = trainer.step(train, params, order, from, from + batch, k);
        return sum.maxTaskMathNanos();
    }

    /**
     * The math as one job per step pays it: {@code warmup} untimed, then {@code count} real steps
     * at the configured batch with {@code weights} (the math probe's, so their ratio is the
     * engine's own); per step, the slowest task's math in seconds.
     */
    StepMath stepMath(int warmup, int count, float[] weights) {
        long full = Math.max(1, order.size() / configuredBatch);
        double[] math = new double[count];
        for (int i = -warmup; i < count; i++) {
            long k = Math.floorMod(i + warmup, full);
            GradientSum sum = trainer.step(train, weights, order, k * configuredBatch, (k + 1) * configuredBatch, k);
            if (i >= 0) {
                math[i] = sum.maxTaskMathNanos() / 1e9;
            }
        }
        return new StepMath(Measured.of(math), train.partitions(), configuredBatch);
    }

    @Override
    public void close() {
        train.release();
    }
}
