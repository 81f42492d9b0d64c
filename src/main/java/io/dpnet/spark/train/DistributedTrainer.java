package io.dpnet.spark.train;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.eval.EvalSum;
import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.score.DistributedEvaluator;
import io.dpnet.train.EarlyStopping;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingDivergedException;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Synchronous data-parallel SGD, exactly as the design says. Each step ({@link SyncStep}):
 * <ol>
 *   <li>the driver broadcasts the current flat weights;</li>
 *   <li>every partition gathers the members of the step's global mini-batch that it holds
 *       (positions {@code [k·B, (k+1)·B)} of the epoch's {@link io.dpnet.data.SampleOrder}) and computes
 *       their gradient sum, loss sum, correct count and sample count;</li>
 *   <li>{@code treeAggregate} sums those on the way to the driver, which divides by the global
 *       sample count, applies the optimizer and destroys the broadcast.</li>
 * </ol>
 * With {@code validation.fraction}, a seeded part of the training set is held out and evaluated
 * after every epoch (see {@link TrainValidationSplit}). With {@code sync=average} each job is a
 * round of {@code sync.localSteps} local steps whose results are averaged ({@link LocalSgd});
 * the sample schedule, learning-rate schedule and epoch bookkeeping stay the same.
 * Where {@code sync.engine} allows (local mode, by default), the steps of an epoch run in one
 * resident barrier job instead of one job each ({@link ResidentSyncStep}): the same sums and
 * updates without Spark's per-job latency.
 * Because the batch is defined over global indices and the partial sums only add up, the
 * synchronous result equals single-machine SGD on the concatenated batch, for any number of
 * partitions, up to float rounding.
 */
public final class DistributedTrainer {
    private final JavaSparkContext sc;
    private final TrainingPlan plan;

    public DistributedTrainer(JavaSparkContext sc, TrainingPlan plan) {
        this.sc = sc;
        this.plan = plan;
    }

    public DistributedTrainer(JavaSparkContext sc, TrainConfig config) {
        this(sc, config.plan());
    }

    /** Fresh seeded parameters for this plan. */
    public float[] initialParams() {
        return plan.initialParams();
    }

    /**
     * Trains for the plan's epochs, from {@code request.resume()} when set (else from the seeded
     * initialization); with {@code earlyStopping.patience} the run stops when the validation
     * metric stops improving and returns the best weights.
     */
    public TrainResult train(TrainRequest request) {
        List<StepJob> opened = new ArrayList<>(1);
        try {
            return train(request, opened);
        } finally {
            // However training ends, nothing it started keeps running (a resident job holds task slots).
            for (StepJob job : opened) {
                job.close();
            }
        }
    }

    private TrainResult train(TrainRequest request, List<StepJob> opened) {
        ShardedData train = request.train();
        ModelSpec spec = plan.model();
        if (train.features() != spec.inputSize()) {
            throw new IllegalArgumentException("the training data has " + train.features()
                    + " features per sample but the model's input layer takes " + spec.inputSize());
        }
        TrainingState resume = request.resume();
        Optimizer optimizer = plan.optimizer().create(spec.paramCount());
        float[] params;
        if (resume == null) {
            params = initialParams();
        } else {
            if (resume.params().length != spec.paramCount()) {
                throw new IllegalArgumentException("the checkpoint has " + resume.params().length
                        + " parameters but the model " + spec + " needs " + spec.paramCount());
            }
            params = resume.params().clone();
            optimizer.restore(resume.optimizer());
        }
        TrainValidationSplit split = TrainValidationSplit.of(train.count(), plan.validationFraction(), plan.seed());
        long n = split.trainingSize();
        long stepsPerEpoch = (n + plan.batchSize() - 1) / plan.batchSize();
        // Post-local SGD (sync.localAfterEpochs): synchronous steps first, local rounds after.
        StepJob syncSteps = syncSteps(train, n);
        opened.add(syncSteps);
        StepJob localRounds = plan.sync() == TrainingPlan.SyncMode.AVERAGE ? new LocalSgd(sc, train, plan, n) : null;
        LearningRateSchedule schedule = plan.schedule().build(stepsPerEpoch, plan.epochs());
        EarlyStopping stopping = new EarlyStopping(plan.earlyStopping(), resume == null ? null : resume.best());
        List<EpochMetrics> history = new ArrayList<>(resume == null ? List.of() : resume.history());
        double elapsed = resume == null ? 0 : resume.elapsedSeconds();
        long totalSteps = resume == null ? 0 : resume.globalStep();
        int firstEpoch = resume == null ? 1 : resume.epoch();
        for (int epoch = firstEpoch; epoch <= plan.epochs(); epoch++) {
            boolean resumed = resume != null && epoch == resume.epoch();
            IndexOrder order = train.epochOrder(split, plan.seed(), epoch);
            StepJob job = plan.averagesIn(epoch) ? localRounds : syncSteps;
            long started = System.nanoTime();
            double secondsBefore = resumed ? resume.epochSeconds() : 0;
            double lossSum = resumed ? resume.epochLossSum() : 0;
            long correct = resumed ? resume.epochCorrect() : 0;
            long seen = resumed ? resume.epochSeen() : 0;
            float learningRate = 0;
            long mathNanos = 0;
            boolean checkpointDue = false;
            for (long step = resumed ? resume.stepInEpoch() : 0; step < stepsPerEpoch; ) {
                int k = job.stepsFrom(step, stepsPerEpoch);
                float[] rates = new float[k];
                for (int j = 0; j < k; j++) {
                    rates[j] = (float) schedule.rate(totalSteps + j);
                }
                StepJob.JobResult r = job.run(order, step, totalSteps, rates, params, optimizer);
                if (!r.finite()) {
                    throw diverged(r.lossSum(), epoch, step + k);
                }
                lossSum += r.lossSum();
                correct += r.correct();
                seen += r.count();
                mathNanos += r.maxTaskMathNanos();
                learningRate = rates[k - 1];
                checkpointDue = false;
                for (long s = totalSteps + 1; s <= totalSteps + k && request.checkpointer() != null; s++) {
                    checkpointDue |= request.checkpointer().dueAfterStep(s);
                }
                totalSteps += k;
                step += k;
                double epochSeconds = secondsBefore + (System.nanoTime() - started) / 1e9;
                request.listener().onStep(epoch, step, stepsPerEpoch, seen, n, lossSum / seen,
                        (double) correct / seen, epochSeconds);
                if (checkpointDue && step < stepsPerEpoch) {
                    request.checkpointer().save(new TrainingState(epoch, step, totalSteps, params.clone(),
                            optimizer.state(), lossSum, correct, seen, epochSeconds, elapsed, history,
                            stopping.best()));
                    job.drain();
                }
            }
            double epochSeconds = secondsBefore + (System.nanoTime() - started) / 1e9;
            elapsed += epochSeconds;
            double testLoss = Double.NaN;
            double testAccuracy = Double.NaN;
            boolean last = epoch == plan.epochs();
            if (request.test() != null && (last || (plan.evalEvery() > 0 && epoch % plan.evalEvery() == 0))) {
                EvalSum eval = evaluate(request.test(), params, null);
                testAccuracy = eval.confusion().accuracy();
                testLoss = eval.logLossSum() / eval.confusion().total();
            }
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (request.validation() != null || split.validationSize() > 0) {
                EvalSum eval = request.validation() != null
                        ? evaluate(request.validation(), params, null)
                        : evaluate(train, params, split.validationSet());
                valAccuracy = eval.confusion().accuracy();
                valLoss = eval.logLossSum() / eval.confusion().total();
            }
            EpochMetrics m = new EpochMetrics(epoch, plan.epochs(), stepsPerEpoch, lossSum / seen,
                    (double) correct / seen, valLoss, valAccuracy, testLoss, testAccuracy, seen / epochSeconds,
                    epochSeconds, elapsed, learningRate, resumed ? Double.NaN : mathNanos / 1e9);
            history.add(m);
            request.listener().onEpoch(m);
            boolean stop = stopping.record(m, params);
            if (request.checkpointer() != null && (request.checkpointer().dueAfterEpoch(epoch) || checkpointDue)) {
                request.checkpointer().save(new TrainingState(epoch + 1, 0, totalSteps, params.clone(),
                        optimizer.state(), 0, 0, 0, 0, elapsed, history, stopping.best()));
            }
            if (stop) {
                return new TrainResult(stopping.bestParams(), history, totalSteps, stopping.bestEpoch(), true);
            }
        }
        int lastEpoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        return stopping.enabled()
                ? new TrainResult(stopping.bestParams(), history, totalSteps, stopping.bestEpoch(), false)
                : new TrainResult(params, history, totalSteps, lastEpoch, false);
    }

    /**
     * How this run's synchronous steps reach the partitions: two jobs in flight, one resident job
     * per epoch (where {@code sync.engine} and {@link ResidentSyncStep#whyNot} allow), or one job per step.
     */
    private StepJob syncSteps(ShardedData train, long n) {
        if (plan.pipeline()) {
            return new PipelinedSyncStep(sc, train, plan, n);
        }
        if (plan.engine() != TrainingPlan.StepEngine.JOBS) {
            ResidentSyncStep.Slots slots = ResidentSyncStep.Slots.of(sc);
            String why = ResidentSyncStep.whyNot(plan, slots, train);
            if (why == null) {
                return new ResidentSyncStep(sc, train, plan, n, slots.overRpc(sc));
            }
            if (plan.engine() == TrainingPlan.StepEngine.RESIDENT) {
                throw new IllegalArgumentException("sync.engine=resident cannot run here: " + why
                        + " (use sync.engine=auto or jobs)");
            }
        }
        return new SyncStep(sc, train, plan, n);
    }

    /**
     * The start-up line for a run whose synchronous steps fall back to one Spark job each under
     * {@code sync.engine=auto} (more partitions than task slots, out-of-core input, dynamic allocation), or
     * empty when they run resident, are pipelined or local SGD, or one job per step was asked for.
     */
    public static Optional<String> jobPerStepNote(TrainingPlan plan, JavaSparkContext sc,
                                                            ShardedData train) {
        if (plan.engine() != TrainingPlan.StepEngine.AUTO || plan.sync() != TrainingPlan.SyncMode.SYNC
                || plan.pipeline()) {
            return Optional.empty();
        }
        String why = ResidentSyncStep.whyNot(plan, ResidentSyncStep.Slots.of(sc), train);
        return why == null ? Optional.empty()
                : Optional.of("synchronous steps: one Spark job per step (the resident engine does not "
                        + "apply: " + why + ")");
    }

    private EvalSum evaluate(ShardedData set, float[] params, IndexOrder subset) {
        return subset == null
                ? DistributedEvaluator.evaluate(sc, set, plan.model(), params, plan.kernel(), plan.treeDepth())
                : DistributedEvaluator.evaluate(sc, set, plan.model(), params, plan.kernel(), plan.treeDepth(),
                        subset);
    }

    /**
     * One distributed gradient evaluation: the summed gradient of global mini-batch positions
     * {@code [from, to)} under {@code order}, at {@code params} (global step 0). Fails if any
     * sample was lost. For tests and benchmarks of the step itself.
     */
    public GradientSum step(ShardedData train, float[] params, IndexOrder order, long from, long to) {
        return step(train, params, order, from, to, 0);
    }

    /** As above, as global step {@code globalStep} (0-based), which keys the dropout masks. */
    public GradientSum step(ShardedData train, float[] params, IndexOrder order, long from, long to,
                            long globalStep) {
        return SyncStep.gradient(sc, train, plan, params, order, from, to, globalStep);
    }

    /** Whether a loss and a step's summed gradient are all finite. */
    static boolean finite(double lossSum, double[] values) {
        if (!Double.isFinite(lossSum)) {
            return false;
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a loss and a vector (a step's gradient, or averaged parameters) are all finite. */
    static boolean finite(double lossSum, float[] values) {
        if (!Double.isFinite(lossSum)) {
            return false;
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static TrainingDivergedException diverged(double lossSum, int epoch, long step) {
        return new TrainingDivergedException("training diverged at epoch " + epoch + ", step " + step
                + ": the loss or gradient is NaN or infinite (loss sum " + lossSum
                + "); the learning rate is most likely too high for this model and batch size");
    }

    public ModelSpec spec() {
        return plan.model();
    }

    public TrainingPlan plan() {
        return plan;
    }
}
