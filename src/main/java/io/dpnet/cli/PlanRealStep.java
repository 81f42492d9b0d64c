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
import io.dpnet.spark.train.JobStepTimer;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The plan's calibration step: the engine's own one-job-per-step synchronous step
 * ({@link DistributedTrainer#step}: weights broadcast, the ShardTask closure over the real cached
 * training shards and the epoch order, GradientSum results) at a batch of 8 samples per partition,
 * with random (incompressible) weights. Its math is tiny and taken out by the probe, so what it
 * times is the real job's cost beside the math. treeDepth 1: no tree level, whose cost the probe
 * measures apart. {@link #atBatch} times training's own steps as configured instead (batch, treeDepth,
 * optimizer: {@link JobStepTimer}) on the same shards: their math, and the step beside it.
 */
final class PlanRealStep implements RealStep, AutoCloseable {
    private static final int ROWS_PER_PARTITION = 8;

    private final ShardedData train;
    private final JavaSparkContext sc;
    private final DistributedTrainer trainer;
    private final TrainingPlan configured;
    private final IndexOrder order;
    private final float[] params;
    private final int batch;
    private final long steps;
    private long next;

    private PlanRealStep(JavaSparkContext sc, ShardedData train, DistributedTrainer trainer, IndexOrder order,
                         float[] params, TrainingPlan configured) {
        this.sc = sc;
        this.train = train;
        this.trainer = trainer;
        this.configured = configured;
        this.order = order;
        this.params = params;
        this.batch = ROWS_PER_PARTITION * train.partitions();
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
        return new Opened(new PlanRealStep(sc, train, trainer, order, params, config.plan()), null);
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
     * What {@link #atBatch} measured, per step.
     *
     * @param math the slowest task's forward/backward: the median of the blocks' means
     * @param besideMath the step's time beside that math (the job, the gather, the results, the
     *     driver's update): the mean of the blocks' means
     * @param blockSteps the steps in one block
     */
    record AtBatch(StepMath math, Measured besideMath, int blockSteps) {
    }

    /**
     * Training's own one-job-per-step steps ({@link JobStepTimer}) at the configured batch,
     * partitions, treeDepth and optimizer, from {@code weights} (the math probe's, so their math
     * over the probe's is the engine's own): {@code warmup} untimed, then {@code rounds} blocks as
     * long as an epoch's full batches. The bare jobs' constants are means over a minute of small
     * jobs whose times spread 5× (p10-p90); an epoch's worth of the real thing is what training pays.
     */
    AtBatch atBatch(int warmup, int rounds, float[] weights) {
        JobStepTimer.Timings t = JobStepTimer.time(sc, new JobStepTimer.Setup(train, configured, weights), warmup,
                rounds);
        return new AtBatch(new StepMath(Measured.of(t.math()), train.partitions(), configured.batchSize()),
                Measured.meanOf(t.beside()), t.blockSteps());
    }

    @Override
    public void close() {
        train.release();
    }
}
