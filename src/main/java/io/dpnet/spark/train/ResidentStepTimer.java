package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Times the resident engine's real steps ({@link ResidentSyncStep}: the barrier job, the exchange,
 * the merge and {@link DriverUpdate}) for {@code dpnet plan}'s cost model: blocks of consecutive
 * steps, one barrier job each, for several setups (partition counts, transports) taken in turn,
 * round after round, so a changing load hits every setup alike. What a step costs beside its
 * slowest task's math is what the plan fits; the first step of a block also carries the job's
 * start.
 */
public final class ResidentStepTimer {
    /** The longest epoch-long block the plan's timers run (this one's and {@link JobStepTimer}'s). */
    static final int MAX_EPOCH_BLOCK = 120;

    /** Steps of a block not timed as steps: the first starts the barrier job, the second settles it. */
    private static final int SKIPPED = 2;

    private ResidentStepTimer() {
    }

    /**
     * One thing to time: resident steps of {@code plan} (its batch, model and optimizer) on
     * {@code train}'s partitions, over Spark RPC or in memory, from {@code initialParams} (null:
     * the plan's own initial weights; a trained network's sparser activations make the math cheaper),
     * in blocks of {@code blockSteps} steps (0: the {@link #time} call's block length).
     */
    public record Setup(ShardedData train, TrainingPlan plan, boolean overRpc, float[] initialParams, int blockSteps) {
        public Setup(ShardedData train, TrainingPlan plan, boolean overRpc) {
            this(train, plan, overRpc, null, 0);
        }
    }

    /**
     * Per setup and round: {@code beside[s][r]}, the mean seconds per step beside the slowest
     * task's math; {@code jobStart[s][r]}, what the block's first step took beyond that mean (the
     * barrier job's start and its tasks' set-up); {@code math[s][r]}, the mean slowest task's math
     * per step (the same steps as {@code beside}).
     */
    public record Timings(double[][] beside, double[][] jobStart, double[][] math) {
    }

    /**
     * Runs {@code warmup} untimed rounds and then {@code rounds} timed ones; each round runs a
     * block of {@code steps} (more than {@value #SKIPPED}) steps of every setup in turn.
     */
    public static Timings time(JavaSparkContext sc, List<Setup> setups, int warmup, int rounds, int steps) {
        if (steps <= SKIPPED) {
            throw new IllegalArgumentException("a block needs more than " + SKIPPED + " steps, got " + steps);
        }
        for (Setup setup : setups) {
            int block = blockSteps(setup, steps);
            if (block <= SKIPPED) {
                throw new IllegalArgumentException("a block needs more than " + SKIPPED + " steps, got " + block);
            }
        }
        State[] states = new State[setups.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new State(setups.get(i));
        }
        double[][] beside = new double[states.length][rounds];
        double[][] jobStart = new double[states.length][rounds];
        double[][] math = new double[states.length][rounds];
        for (int round = -warmup; round < rounds; round++) {
            for (int i = 0; i < states.length; i++) {
                double[][] t = states[i].block(sc, blockSteps(setups.get(i), steps));
                if (round >= 0) {
                    beside[i][round] = meanAfterSkipped(t[0]);
                    jobStart[i][round] = t[0][0] - beside[i][round];
                    math[i][round] = meanAfterSkipped(t[1]);
                }
            }
        }
        return new Timings(beside, jobStart, math);
    }

    /** The full batches of an epoch of {@code samples} (less the validation split) under {@code plan}. */
    static long fullBatches(long samples, TrainingPlan plan) {
        return TrainValidationSplit.of(samples, plan.validationFraction(), plan.seed()).trainingSize()
                / plan.batchSize();
    }

    /**
     * A block as long as an epoch: its full batches but the last (a timed block never runs the
     * epoch's last step, which ends the job), at least 3, at most 120.
     */
    public static int epochBlock(long samples, TrainingPlan plan) {
        return (int) Math.max(SKIPPED + 1, Math.min(MAX_EPOCH_BLOCK, fullBatches(samples, plan) - 1));
    }

    private static int blockSteps(Setup setup, int steps) {
        return setup.blockSteps() > 0 ? setup.blockSteps() : steps;
    }

    private static double meanAfterSkipped(double[] t) {
        double mean = 0;
        for (int k = SKIPPED; k < t.length; k++) {
            mean += t[k];
        }
        return mean / (t.length - SKIPPED);
    }

    /** One setup's run: its epoch order, weights and position in the epoch carry over from block to block. */
    private static final class State {
        private final Setup setup;
        private final IndexOrder order;
        private final long trainingSize;
        private final long stepsPerEpoch;
        private final LearningRateSchedule schedule;
        private final float[] params;
        private long next;

        State(Setup setup) {
            this.setup = setup;
            TrainingPlan plan = setup.plan();
            TrainValidationSplit split = TrainValidationSplit.of(setup.train().count(), plan.validationFraction(),
                    plan.seed());
            this.order = setup.train().epochOrder(split, plan.seed(), 1);
            this.trainingSize = split.trainingSize();
            this.stepsPerEpoch = fullBatches(setup.train().count(), plan);
            this.schedule = plan.schedule().build(stepsPerEpoch, plan.epochs());
            this.params = setup.initialParams() != null ? setup.initialParams().clone() : plan.initialParams();
        }

        /**
         * A block of {@code steps} steps in one barrier job: per step, seconds beside the slowest
         * task's math ([0]) and that math ([1]).
         */
        double[][] block(JavaSparkContext sc, int steps) {
            TrainingPlan plan = setup.plan();
            Optimizer optimizer = plan.optimizer().create(plan.model().paramCount());
            double[] out = new double[steps];
            double[] math = new double[steps];
            ResidentSyncStep engine = new ResidentSyncStep(sc, setup.train(), plan, trainingSize, setup.overRpc());
            try {
                for (int k = 0; k < steps; k++) {
                    // Full batches only, never the epoch's last step (which ends the job).
                    long step = next++ % (stepsPerEpoch - 1);
                    if (step == 0 && k > 0) {
                        engine.drain();
                    }
                    float[] rate = {(float) schedule.rate(step)};
                    long t0 = System.nanoTime();
                    StepJob.JobResult r = engine.run(order, step, step, rate, params, optimizer);
                    out[k] = (System.nanoTime() - t0 - r.maxTaskMathNanos()) / 1e9;
                    math[k] = r.maxTaskMathNanos() / 1e9;
                    if (!r.finite()) {
                        throw new IllegalStateException("a timed resident step diverged (step " + step + ")");
                    }
                }
            } finally {
                engine.close();
            }
            return new double[][] {out, math};
        }
    }

    /**
     * The driver's work per partition and step, timed alone ({@code reps} times): merging one
     * partition's exact double sum of {@code params} parameters into the total, and over RPC
     * first decoding it from its message. For one slot, where no slope between partition counts
     * can be measured.
     */
    public static double[] driverPerPartitionSeconds(int params, boolean overRpc, int reps) {
        Random random = new Random(params);
        GradientSum part = GradientSum.empty();
        part.gradient = new double[params];
        for (int i = 0; i < params; i++) {
            part.gradient[i] = random.nextGaussian();
        }
        part.count = 1;
        byte[] message = ResidentWire.sum(1, 0, 1, part, null);
        GradientSum total = GradientSum.empty();
        total.gradient = new double[params];
        double[] t = new double[reps];
        for (int r = -reps; r < reps; r++) {
            long t0 = System.nanoTime();
            if (overRpc) {
                ResidentWire.readSum(message, part);
            }
            total.merge(part);
            if (r >= 0) {
                t[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        if (!Double.isFinite(total.gradient[0])) {
            throw new IllegalStateException("the merge timing produced a non-finite sum");
        }
        return t;
    }
}
