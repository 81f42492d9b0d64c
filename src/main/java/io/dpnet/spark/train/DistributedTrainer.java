package io.dpnet.spark.train;

import io.dpnet.eval.EvalSum;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.score.DistributedEvaluator;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.EarlyStopping;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.GradientSum;
import io.dpnet.train.ParamSum;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingDivergedException;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingState;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.nn.Dropout;
import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.nn.Sequential;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.OptimizerSpec;
import io.dpnet.optim.WeightDecay;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel SGD, exactly as the design card says. Each step:
 * <ol>
 *   <li>the driver broadcasts the current flat weights;</li>
 *   <li>every partition gathers the members of the step's global mini-batch that it holds
 *       (positions {@code [k·B, (k+1)·B)} of the epoch's {@link SampleOrder}) and computes their
 *       gradient sum, loss sum, correct count and sample count;</li>
 *   <li>{@code treeAggregate} sums those on the way to the driver, which divides by the global
 *       sample count, applies the optimizer and destroys the broadcast.</li>
 * </ol>
 * With {@code validation.fraction}, a seeded part of the training set is held out and evaluated
 * after every epoch (see {@link TrainValidationSplit}). With {@code sync=average} the job per step
 * becomes a job per round of {@code sync.localSteps} local steps whose results are averaged
 * ({@link LocalSgd}); the sample schedule, learning-rate schedule and epoch bookkeeping stay the same.
 * Because the batch is defined over global indices and the partial sums only add up, the result
 * equals single-machine SGD on the concatenated batch, for any number of partitions, up to float
 * rounding.
 */
public final class DistributedTrainer {
    /** Most rows one forward/backward pass handles; larger partition shards are done in chunks. */
    static final int MAX_CHUNK_ROWS = 256;

    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final ModelSpec spec;
    private final OptimizerSpec optimizerSpec;
    private final Dropout dropout;

    public DistributedTrainer(JavaSparkContext sc, TrainConfig config) {
        this.sc = sc;
        this.config = config;
        this.spec = config.modelSpec();
        this.optimizerSpec = config.optimizerSpec();
        this.dropout = config.dropout();
    }

    /** Fresh seeded parameters for this config. */
    public float[] initialParams() {
        return new Sequential(spec).initParams(config.init(), config.seed());
    }

    /**
     * Trains from the config's seeded initialization for {@code config.epochs()} epochs.
     *
     * @param test evaluated every {@code evalEvery} epochs and after the last; may be null
     */
    public TrainResult train(ShardedData train, ShardedData test, TrainingListener listener) {
        return train(train, test, listener, null, null);
    }

    /**
     * Trains, starting from {@code resume} when it is not null (otherwise from the seeded
     * initialization), saving states through {@code checkpointer} when it is not null.
     */
    public TrainResult train(ShardedData train, ShardedData test, TrainingListener listener, TrainingState resume,
                             Checkpointer checkpointer) {
        return train(train, null, test, listener, resume, checkpointer);
    }

    /**
     * The full form: {@code validation} is a separate validation set (null: none, or the
     * {@code validation.fraction} split of {@code train}); with {@code earlyStopping.patience}
     * the run stops when the validation metric stops improving and returns the best weights.
     */
    public TrainResult train(ShardedData train, ShardedData validation, ShardedData test, TrainingListener listener,
                             TrainingState resume, Checkpointer checkpointer) {
        if (train.features() != spec.inputSize()) {
            throw new IllegalArgumentException("the training data has " + train.features()
                    + " features per sample but the model's input layer takes " + spec.inputSize());
        }
        Optimizer optimizer = optimizerSpec.create(spec.paramCount());
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
        TrainValidationSplit split = TrainValidationSplit.of(train.count(), config.number("validation.fraction"),
                config.seed());
        long n = split.trainingSize();
        int batch = config.batchSize();
        boolean averaging = config.syncMode() == TrainConfig.SyncMode.AVERAGE;
        int localSteps = averaging ? config.localSteps() : 1;
        long stepsPerEpoch = (n + batch - 1) / batch;
        LearningRateSchedule schedule = config.schedule(stepsPerEpoch);
        EarlyStopping stopping = new EarlyStopping(config, resume == null ? null : resume.best());
        List<EpochMetrics> history = new ArrayList<>(resume == null ? List.of() : resume.history());
        double elapsed = resume == null ? 0 : resume.elapsedSeconds();
        long totalSteps = resume == null ? 0 : resume.globalStep();
        int firstEpoch = resume == null ? 1 : resume.epoch();
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            boolean resumed = resume != null && epoch == resume.epoch();
            IndexOrder order = split.epochOrder(epoch);
            long started = System.nanoTime();
            double secondsBefore = resumed ? resume.epochSeconds() : 0;
            double lossSum = resumed ? resume.epochLossSum() : 0;
            long correct = resumed ? resume.epochCorrect() : 0;
            long seen = resumed ? resume.epochSeen() : 0;
            float learningRate = 0;
            long mathNanos = 0;
            boolean checkpointDue = false;
            // One Spark job per iteration: a step (sync) or a round of local steps (sync=average).
            for (long step = resumed ? resume.stepInEpoch() : 0; step < stepsPerEpoch; ) {
                int k = (int) Math.min(localSteps, stepsPerEpoch - step);
                if (averaging) {
                    float[] rates = new float[k];
                    for (int j = 0; j < k; j++) {
                        rates[j] = (float) schedule.rate(totalSteps + j);
                    }
                    ParamSum sum = LocalSgd.round(sc, train, localPlan(n, batch), config.treeDepth(), params,
                            optimizer, order, step, totalSteps, rates);
                    lossSum += sum.lossSum;
                    correct += sum.correct;
                    seen += sum.count;
                    mathNanos += sum.maxTaskMathNanos;
                    checkFinite(sum.lossSum, params, epoch, step + k);
                    learningRate = rates[k - 1];
                } else {
                    long from = step * batch;
                    long to = Math.min(n, from + batch);
                    GradientSum sum = step(train, params, order, from, to, totalSteps);
                    lossSum += sum.lossSum;
                    correct += sum.correct;
                    seen += sum.count;
                    mathNanos += sum.maxTaskMathNanos;
                    checkFinite(sum.lossSum, sum.gradient, epoch, step + 1);
                    learningRate = (float) schedule.rate(totalSteps);
                    applyUpdate(params, sum, optimizer, learningRate);
                }
                checkpointDue = false;
                for (long s = totalSteps + 1; s <= totalSteps + k && checkpointer != null; s++) {
                    checkpointDue |= checkpointer.dueAfterStep(s);
                }
                totalSteps += k;
                step += k;
                double epochSeconds = secondsBefore + (System.nanoTime() - started) / 1e9;
                listener.onStep(epoch, step, stepsPerEpoch, seen, n, lossSum / seen, (double) correct / seen,
                        epochSeconds);
                if (checkpointDue && step < stepsPerEpoch) {
                    checkpointer.save(new TrainingState(epoch, step, totalSteps, params.clone(), optimizer.state(),
                            lossSum, correct, seen, epochSeconds, elapsed, history, stopping.best()));
                }
            }
            double epochSeconds = secondsBefore + (System.nanoTime() - started) / 1e9;
            elapsed += epochSeconds;
            double testLoss = Double.NaN;
            double testAccuracy = Double.NaN;
            boolean last = epoch == config.epochs();
            if (test != null && (last || (config.evalEvery() > 0 && epoch % config.evalEvery() == 0))) {
                EvalSum eval = DistributedEvaluator.evaluate(sc, test, spec, params, config.kernel(),
                        config.treeDepth());
                testAccuracy = eval.confusion().accuracy();
                testLoss = eval.logLossSum() / eval.confusion().total();
            }
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (validation != null || split.validationSize() > 0) {
                EvalSum eval = validation != null
                        ? DistributedEvaluator.evaluate(sc, validation, spec, params, config.kernel(), config.treeDepth())
                        : DistributedEvaluator.evaluate(sc, train, spec, params, config.kernel(), config.treeDepth(),
                                split.validationSet());
                valAccuracy = eval.confusion().accuracy();
                valLoss = eval.logLossSum() / eval.confusion().total();
            }
            EpochMetrics m = new EpochMetrics(epoch, config.epochs(), stepsPerEpoch, lossSum / seen,
                    (double) correct / seen, valLoss, valAccuracy, testLoss, testAccuracy, seen / epochSeconds,
                    epochSeconds, elapsed, learningRate, resumed ? Double.NaN : mathNanos / 1e9);
            history.add(m);
            listener.onEpoch(m);
            boolean stop = stopping.record(m, params);
            if (checkpointer != null && (checkpointer.dueAfterEpoch(epoch) || checkpointDue)) {
                checkpointer.save(new TrainingState(epoch + 1, 0, totalSteps, params.clone(), optimizer.state(),
                        0, 0, 0, 0, elapsed, history, stopping.best()));
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
     * One distributed gradient evaluation: the summed gradient of global mini-batch positions
     * {@code [from, to)} under {@code order}, at {@code params}. Fails if any sample was lost.
     */
    public GradientSum step(ShardedData train, float[] params, IndexOrder order, long from, long to) {
        return step(train, params, order, from, to, 0);
    }

    /** As above, as global step {@code globalStep} (0-based), which keys the dropout masks. */
    public GradientSum step(ShardedData train, float[] params, IndexOrder order, long from, long to,
                            long globalStep) {
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            int chunk = (int) Math.min(MAX_CHUNK_ROWS, to - from);
            Dropout active = dropout.active() ? dropout : null;
            GradientSum sum = train.shards().treeAggregate(GradientSum.empty(),
                    gradientOfShard(spec, weights, order, from, to, config.kernel(), chunk, active, config.seed(),
                            globalStep), GradientSum::merge, config.treeDepth());
            if (sum.count != to - from) {
                throw new IllegalStateException("mini-batch positions [" + from + ", " + to + ") gathered "
                        + sum.count + " samples across partitions, expected " + (to - from));
            }
            return sum;
        } finally {
            weights.destroy();
        }
    }

    /** Mean gradient, L2 decay on weights, optimizer step — all on the driver, O(parameters). */
    private void applyUpdate(float[] params, GradientSum sum, Optimizer optimizer, float learningRate) {
        float[] g = sum.gradient;
        float inv = (float) (1.0 / sum.count);
        for (int i = 0; i < g.length; i++) {
            g[i] *= inv;
        }
        if (optimizerSpec.weightDecay() > 0) {
            WeightDecay.addL2(params, g, (float) optimizerSpec.weightDecay(), spec);
        }
        optimizer.step(params, g, learningRate);
    }

    /** Fails on a NaN or infinite loss or vector (the step's gradient, or averaged parameters). */
    private static void checkFinite(double lossSum, float[] values, int epoch, long step) {
        boolean finite = Double.isFinite(lossSum);
        if (finite) {
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    finite = false;
                    break;
                }
            }
        }
        if (!finite) {
            throw new TrainingDivergedException("training diverged at epoch " + epoch + ", step " + step
                    + ": the loss or gradient is NaN or infinite (loss sum " + lossSum
                    + "); the learning rate is most likely too high for this model and batch size");
        }
    }

    private LocalSgd.Plan localPlan(long trainingSize, int batch) {
        // A partition's share of one step is about batch/P rows; chunks as for sync steps.
        int chunk = (int) Math.min(MAX_CHUNK_ROWS, batch);
        return new LocalSgd.Plan(spec, optimizerSpec, config.kernel(), dropout.active() ? dropout : null,
                config.seed(), batch, trainingSize, chunk);
    }

    /**
     * The per-partition work of a step. Static, so the closure captures only what it names —
     * never the trainer or the SparkContext.
     */
    static Function2<GradientSum, Shard, GradientSum> gradientOfShard(ModelSpec spec, Broadcast<float[]> weights,
                                                                      IndexOrder order, long from, long to,
                                                                      String kernel, int chunk, Dropout dropout,
                                                                      long seed, long globalStep) {
        return (acc, shard) -> {
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, chunk, kernel);
            float[] params = weights.value();
            Sequential net = new Sequential(spec);
            long before = acc.mathNanos;
            ShardGather.forEachChunk(shard, order, from, to, slot, chunk,
                    rows -> accumulate(net, params, slot, rows, acc, dropout, seed, globalStep));
            acc.maxTaskMathNanos = Math.max(acc.maxTaskMathNanos, acc.mathNanos - before);
            return acc;
        };
    }

    /** Adds the gradient of {@code rows} gathered samples at {@code params} into {@code acc}, timing the math. */
    static void accumulate(Sequential net, float[] params, ExecutorWorkspaces.Slot slot, int rows,
                           GradientSum acc, Dropout dropout, long seed, long globalStep) {
        if (acc.gradient == null) {
            acc.gradient = new float[params.length];
        }
        Dropout.Context masks = dropout == null ? null : new Dropout.Context(dropout, seed, globalStep, slot.ids, 0);
        long t0 = System.nanoTime();
        var stats = net.gradient(params, slot.x, 0, slot.y, 0, rows, acc.gradient, slot.workspace, false, masks);
        acc.mathNanos += System.nanoTime() - t0;
        acc.lossSum += stats.lossSum();
        acc.correct += stats.correct();
        acc.count += rows;
    }

    public ModelSpec spec() {
        return spec;
    }
}
