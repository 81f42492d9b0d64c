package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.nn.LossSum;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.BlockGradient;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.SparseRowGradient;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.SparseRowOptimizer;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingDivergedException;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Synchronous data-parallel training of a block network (input block + dense stack) on
 * {@link TabularShards}, sparse on the wire. Each step:
 * <ol>
 *   <li>the driver broadcasts the dense vector, and the embedding rows changed by the last
 *       update (see {@link BroadcastPolicy}: executors keep the tables between steps);</li>
 *   <li>every partition gathers its members of the step's global mini-batch (positions
 *       {@code [k·B, (k+1)·B)} of the epoch's {@link io.dpnet.data.SampleOrder}, as on the dense
 *       path) and computes their {@link BlockGradient}: a dense gradient, one sparse row gradient
 *       per table (touched rows only), the weighted loss and weight sums;</li>
 *   <li>{@code treeAggregate} merges them with {@link BlockGradient#merge}; the driver divides
 *       by the summed weight, steps the dense optimizer on the stack (with the plan's L2 decay,
 *       through {@link UpdateRule}) and the lazy row optimizers on the touched rows only.</li>
 * </ol>
 * The batch is defined over global indices and the partial sums only add, so the result equals
 * single-machine training on the same batches, for any partition count, up to float rounding;
 * the delta broadcast and the full broadcast give bit-identical results (a delta is a copy of
 * the updated rows).
 *
 * <p>A step whose rows all have weight 0 changes nothing (there is no mean to take). Not (yet)
 * for block networks: local SGD ({@code sync=average}), dropout, a validation split, early
 * stopping and resuming — refused with a message rather than ignored.
 */
public final class BlockTrainer {
    private final JavaSparkContext sc;
    private WireStats lastWireStats;

    public BlockTrainer(JavaSparkContext sc) {
        this.sc = sc;
    }

    /**
     * Table payload bytes of the last {@link #train} call: per step what an up-to-date executor
     * fetches ({@code stepTableBytes}: the newest row delta, or the whole tables without deltas),
     * the snapshots made for executors that fall behind, and the steps taken. The dense vector
     * ({@code 4 × params} bytes per step) comes on top in both modes.
     */
    public record WireStats(long steps, long stepTableBytes, long snapshotBytes) {
    }

    /** Trains for the plan's epochs from the seeded initialization. */
    public BlockTrainResult train(BlockTrainRequest request) {
        TrainingPlan plan = request.plan();
        ModelSpec dense = plan.model();
        InputBlockSpec inputs = request.inputs();
        TabularShards train = request.train();
        checkSupported(request);
        float[] params = plan.initialParams();
        EmbeddingTables tables = EmbeddingTables.initialize(inputs, plan.seed());
        float[][] live = new float[inputs.tableCount()][];
        SparseRowOptimizer[] rowOptimizers = new SparseRowOptimizer[inputs.tableCount()];
        for (int t = 0; t < live.length; t++) {
            live[t] = tables.table(t);
            rowOptimizers[t] = request.embeddingOptimizer().create(plan.optimizer(), inputs.tableRows(t), inputs.dim(t));
        }
        Optimizer optimizer = plan.optimizer().create(dense.paramCount());
        UpdateRule update = plan.updateRule();
        TrainValidationSplit split = TrainValidationSplit.of(train.count(), 0, plan.seed());
        long n = split.trainingSize();
        long stepsPerEpoch = (n + plan.batchSize() - 1) / plan.batchSize();
        LearningRateSchedule schedule = plan.schedule().build(stepsPerEpoch, plan.epochs());
        BlockTask task = new BlockTask(inputs, dense, request.objective(), train.weighted(),
                (int) Math.min(TrainingPlan.MAX_CHUNK_ROWS, plan.batchSize()), plan.kernel());
        List<EpochMetrics> history = new ArrayList<>();
        double elapsed = 0;
        long totalSteps = 0;
        try (TableBroadcasts broadcasts = new TableBroadcasts(sc, request.broadcast(), live)) {
            for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
                IndexOrder order = split.epochOrder(epoch);
                long started = System.nanoTime();
                double lossSum = 0;
                double weightSum = 0;
                long correct = 0;
                long seen = 0;
                long mathNanos = 0;
                float rate = 0;
                for (long step = 0; step < stepsPerEpoch; step++) {
                    long from = step * plan.batchSize();
                    long to = Math.min(n, from + plan.batchSize());
                    rate = (float) schedule.rate(totalSteps);
                    BlockStepSum sum = BlockStep.gradient(sc, train, task, params, broadcasts, order, from, to,
                            plan.treeDepth());
                    BlockGradient g = sum.gradient;
                    LossSum s = g.lossSum();
                    if (!finite(g, s, inputs.tableCount())) {
                        throw new TrainingDivergedException("training diverged at epoch " + epoch + ", step "
                                + (step + 1) + ": the loss or gradient is NaN or infinite (loss sum " + s.loss()
                                + "); the learning rate is most likely too high for this model and batch size");
                    }
                    if (s.weight() > 0) {
                        apply(g, s.weight(), params, optimizer, update, live, rowOptimizers, rate);
                        broadcasts.updated(tablesOf(g, inputs.tableCount()));
                    }
                    lossSum += s.loss();
                    weightSum += s.weight();
                    correct += sum.correct;
                    seen += sum.count;
                    mathNanos += sum.maxTaskMathNanos;
                    totalSteps++;
                    double seconds = (System.nanoTime() - started) / 1e9;
                    request.listener().onStep(epoch, step + 1, stepsPerEpoch, seen, n, lossSum / weightSum,
                            accuracy(request, correct, seen), seconds);
                }
                double epochSeconds = (System.nanoTime() - started) / 1e9;
                elapsed += epochSeconds;
                EpochMetrics m = new EpochMetrics(epoch, plan.epochs(), stepsPerEpoch, lossSum / weightSum,
                        accuracy(request, correct, seen), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        seen / epochSeconds, epochSeconds, elapsed, rate, mathNanos / 1e9);
                history.add(m);
                request.listener().onEpoch(m);
            }
            lastWireStats = new WireStats(totalSteps, broadcasts.stepBytes(), broadcasts.snapshotBytes());
        }
        return new BlockTrainResult(new BlockParams(params, tables), inputs, dense, request.objective(), history,
                totalSteps, new BlockTrainResult.Provenance(plan, request.embeddingOptimizer(), request.broadcast(),
                        train.count(), train.partitions()));
    }

    /** Wire figures of the last finished {@link #train} call, or null before one. */
    public WireStats lastWireStats() {
        return lastWireStats;
    }

    /**
     * Divides by the summed weight and steps: dense optimizer (with L2 decay) on the stack, the
     * lazy rules on the touched rows. {@code (float) (1/weight)} times the sum is exactly what
     * {@link UpdateRule} does with a count, so unweighted rows train as on the dense path.
     */
    private static void apply(BlockGradient g, double weight, float[] params, Optimizer optimizer, UpdateRule update,
                              float[][] tables, SparseRowOptimizer[] rowOptimizers, float rate) {
        float inv = (float) (1.0 / weight);
        float[] d = g.dense();
        for (int i = 0; i < d.length; i++) {
            d[i] *= inv;
        }
        // Already the mean: a count of 1 makes UpdateRule's division exact (×1f), leaving decay and the step.
        update.apply(params, d, 1, optimizer, rate);
        for (int t = 0; t < tables.length; t++) {
            SparseRowGradient rows = g.table(t);
            rows.scale(inv);
            rowOptimizers[t].step(tables[t], rows, rate);
        }
    }

    private static SparseRowGradient[] tablesOf(BlockGradient g, int count) {
        SparseRowGradient[] out = new SparseRowGradient[count];
        for (int t = 0; t < count; t++) {
            out[t] = g.table(t);
        }
        return out;
    }

    private static boolean finite(BlockGradient g, LossSum s, int tables) {
        if (!Double.isFinite(s.loss()) || !Double.isFinite(s.weight())) {
            return false;
        }
        for (float v : g.dense()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        for (int t = 0; t < tables; t++) {
            SparseRowGradient rows = g.table(t);
            float[] v = rows.valueArray();
            for (int i = 0, k = rows.count() * rows.dim(); i < k; i++) {
                if (!Float.isFinite(v[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double accuracy(BlockTrainRequest request, long correct, long seen) {
        return request.objective().isRegression() ? Double.NaN : (double) correct / seen;
    }

    private static void checkSupported(BlockTrainRequest request) {
        TrainingPlan plan = request.plan();
        if (!request.train().inputs().equals(request.inputs())) {
            throw new IllegalArgumentException("the training rows were read for the input block "
                    + request.train().inputs() + ", not " + request.inputs());
        }
        new BlockNetwork(request.inputs(), plan.model()); // checks that the block's width is the stack's input size
        request.objective().checkModel(plan.model());
        if (plan.sync() == TrainingPlan.SyncMode.AVERAGE) {
            throw new IllegalArgumentException("sync=average (local SGD) is not supported for block networks; use sync=sync");
        }
        if (plan.dropout().active()) {
            throw new IllegalArgumentException("dropout is not supported for block networks yet; remove the dropout setting");
        }
        if (plan.validationFraction() > 0) {
            throw new IllegalArgumentException("validation.fraction is not supported for block networks yet");
        }
        if (plan.earlyStopping().enabled()) {
            throw new IllegalArgumentException("early stopping is not supported for block networks yet");
        }
    }
}
