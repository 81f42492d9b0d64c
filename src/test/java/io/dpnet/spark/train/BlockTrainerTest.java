package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.SampleOrder;
import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.LossSum;
import io.dpnet.nn.Objective;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.BlockGradient;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.LabelledBatch;
import io.dpnet.optim.EmbeddingOptimizer;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.SparseRowOptimizer;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.testing.SyntheticTable;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The block-network engine keeps the dense path's core property: training on P partitions is
 * single-machine training on the same global batches — here for a network with numeric inputs,
 * two categorical embeddings and a mean-pooled token bag, classification with class and sample
 * weights and Huber regression. The delta broadcast gives exactly the full-broadcast result, also
 * when executors lose their cached tables mid-run.
 */
class BlockTrainerTest {
    private static final int ROWS = 600;
    private static final float[] CLASS_WEIGHTS = {1f, 2.5f, 0.5f};

    private static JavaSparkContext sc;
    private static SparkSession spark;
    private static final SyntheticTable TABLE = new SyntheticTable(ROWS, 17);
    private static final InputBlockSpec SPEC = SyntheticTable.spec();

    @BeforeAll
    static void setUp() {
        sc = SparkTestContext.get();
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainingPlan plan(boolean regression, String optimizer) {
        return TrainConfig.defaults().with("layers=" + SPEC.width() + ",12," + (regression ? 1 : 3),
                "activations=tanh," + (regression ? "linear" : "softmax"), "loss=" + (regression ? "mse" : "cross_entropy"),
                "optimizer=" + optimizer, "learningRate=0.02", "batchSize=64", "epochs=1", "seed=11", "kernel=java",
                "evalEvery=0", "init=xavier").plan();
    }

    private static Objective classification() {
        return Objective.classification(CLASS_WEIGHTS);
    }

    private static Objective huber() {
        return Objective.regression(RegressionLoss.huber(0.5f));
    }

    private static TabularShards shards(boolean regression, int partitions) throws Exception {
        TabularShards.Builder b = TabularShards.fromDataFrame(TABLE.frame(spark, regression, 3))
                .columns(SyntheticTable.columns(true)).inputs(SPEC).partitions(partitions).name("train");
        return (regression ? b.regression() : b.classes(3)).build();
    }

    private static BlockTrainResult train(boolean regression, int partitions, BroadcastPolicy broadcast,
                                          TrainingListener listener) throws Exception {
        TabularShards data = shards(regression, partitions);
        try {
            assertThat(data.partitions()).isEqualTo(partitions);
            return new BlockTrainer(sc).train(BlockTrainRequest.of(data, SPEC, plan(regression, "adam"),
                    regression ? huber() : classification()).withBroadcast(broadcast).withListener(listener));
        } finally {
            data.release();
        }
    }

    /** max |a − b| over all parameters, relative to max |a|. */
    private static double relativeDifference(BlockParams a, BlockParams b) {
        double diff = 0;
        double scale = 0;
        List<float[][]> pairs = new ArrayList<>();
        pairs.add(new float[][] {a.dense(), b.dense()});
        for (int t = 0; t < a.tables().count(); t++) {
            pairs.add(new float[][] {a.tables().table(t), b.tables().table(t)});
        }
        for (float[][] p : pairs) {
            for (int i = 0; i < p[0].length; i++) {
                diff = Math.max(diff, Math.abs(p[0][i] - p[1][i]));
                scale = Math.max(scale, Math.abs(p[0][i]));
            }
        }
        return diff / scale;
    }

    @Test
    void weightedClassificationIsIndependentOfThePartitionCount() throws Exception {
        BlockTrainResult one = train(false, 1, BroadcastPolicy.defaults(), TrainingListener.NONE);
        for (int p : new int[] {2, 4}) {
            BlockTrainResult many = train(false, p, BroadcastPolicy.defaults(), TrainingListener.NONE);
            assertThat(relativeDifference(one.params(), many.params())).as("P=%d vs P=1", p).isLessThanOrEqualTo(1e-4);
            assertThat(many.last().trainLoss()).isCloseTo(one.last().trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(one.steps()).isEqualTo((ROWS + 63) / 64);
        assertThat(one.history()).hasSize(1);
        assertThat(one.last().trainAccuracy()).isBetween(0.0, 1.0);
        // Trained, not merely equal: every table moved away from its seeded initialization.
        EmbeddingTables init = EmbeddingTables.initialize(SPEC, 11);
        for (int t = 0; t < SPEC.tableCount(); t++) {
            assertThat(one.params().tables().table(t)).as("table %d", t).isNotEqualTo(init.table(t));
        }
    }

    @Test
    void huberRegressionIsIndependentOfThePartitionCount() throws Exception {
        BlockTrainResult one = train(true, 1, BroadcastPolicy.defaults(), TrainingListener.NONE);
        for (int p : new int[] {2, 4}) {
            BlockTrainResult many = train(true, p, BroadcastPolicy.defaults(), TrainingListener.NONE);
            assertThat(relativeDifference(one.params(), many.params())).as("P=%d vs P=1", p).isLessThanOrEqualTo(1e-4);
        }
        assertThat(one.last().trainAccuracy()).isNaN();
        assertThat(one.objective()).isEqualTo(huber());
    }

    /**
     * The reference: the same global batches, in order, as one batch on one machine, with dense
     * Adam on the stack and lazy Adam on the tables — the loop of BlockTrainingTest.
     */
    @Test
    void distributedTrainingEqualsSingleMachineTrainingOnTheSameBatches() throws Exception {
        BlockTrainResult distributed = train(false, 3, BroadcastPolicy.defaults(), TrainingListener.NONE);

        TrainingPlan plan = plan(false, "adam");
        BlockNetwork net = new BlockNetwork(SPEC, plan.model());
        BlockParams params = new BlockParams(plan.initialParams(), EmbeddingTables.initialize(SPEC, plan.seed()));
        Optimizer dense = plan.optimizer().create(plan.model().paramCount());
        SparseRowOptimizer[] rows = new SparseRowOptimizer[SPEC.tableCount()];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = EmbeddingOptimizer.AUTO.create(plan.optimizer(), SPEC.tableRows(t), SPEC.dim(t));
        }
        BlockNetworkWorkspace ws = net.workspace(64, Gemm.create("java"));
        BlockGradient g = new BlockGradient(plan.model().paramCount(), SPEC);
        SampleOrder order = new SampleOrder(ROWS, plan.seed(), 1);
        for (int from = 0; from < ROWS; from += 64) {
            int count = Math.min(64, ROWS - from);
            int[] members = new int[count];
            for (int i = 0; i < count; i++) {
                members[i] = (int) order.indexAt(from + i);
            }
            Batch b = batchOf(members);
            g.clear();
            net.gradient(params, new LabelledBatch(b.rows.batch(0, count), b.loss), g, ws);
            LossSum s = g.lossSum();
            float inv = (float) (1.0 / s.weight());
            float[] d = g.dense();
            for (int i = 0; i < d.length; i++) {
                d[i] *= inv;
            }
            dense.step(params.dense(), d, 0.02f);
            for (int t = 0; t < rows.length; t++) {
                g.table(t).scale(inv);
                rows[t].step(params.tables().table(t), g.table(t), 0.02f);
            }
        }
        assertThat(relativeDifference(params, distributed.params())).isLessThanOrEqualTo(1e-4);
    }

    private record Batch(InputRows rows, BatchLoss loss) {
    }

    private static Batch batchOf(int[] members) {
        int n = members.length;
        float[] numeric = new float[n * 3];
        int[] user = new int[n];
        int[] city = new int[n];
        int[] labels = new int[n];
        float[] weights = new float[n];
        int[] offsets = new int[n + 1];
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = members[i];
            System.arraycopy(TABLE.numeric, r * 3, numeric, i * 3, 3);
            user[i] = TABLE.user[r];
            city[i] = TABLE.city[r];
            labels[i] = TABLE.label[r];
            weights[i] = TABLE.weight[r];
            for (int t : TABLE.tokens[r]) {
                ids.add(t);
            }
            offsets[i + 1] = ids.size();
        }
        InputRows rows = InputRows.builder(SPEC, n).numeric(numeric).categorical(user, city)
                .bags(offsets, ids.stream().mapToInt(Integer::intValue).toArray()).build();
        return new Batch(rows, classification().bind(labels, null, weights));
    }

    @Test
    void deltaBroadcastsGiveExactlyTheFullBroadcastResult() throws Exception {
        BlockTrainer trainer = new BlockTrainer(sc);
        TabularShards data = shards(false, 2);
        try {
            BlockTrainRequest request = BlockTrainRequest.of(data, SPEC, plan(false, "adam"), classification());
            BlockTrainResult full = trainer.train(request.withBroadcast(BroadcastPolicy.fullEveryStep()));
            BlockTrainer.WireStats fullStats = trainer.lastWireStats();
            // A snapshot every 3 updates: renewals happen mid-epoch, and an up-to-date executor crosses them by delta.
            BlockTrainResult deltas = trainer.train(request.withBroadcast(BroadcastPolicy.deltas(3)));
            BlockTrainer.WireStats deltaStats = trainer.lastWireStats();
            assertExactlyEqual(deltas.params(), full.params());
            assertThat(deltaStats.steps()).isEqualTo(fullStats.steps()).isEqualTo(10);
            long tableBytes = 0;
            for (int t = 0; t < SPEC.tableCount(); t++) {
                tableBytes += 4L * SPEC.tableRows(t) * SPEC.dim(t);
            }
            assertThat(fullStats.stepTableBytes()).isEqualTo(10 * tableBytes);
            // These tables are tiny (a 64-row batch touches most rows), so deltas save little here;
            // the bytes benchmark measures the 10⁴–10⁶-row tables where they matter.
            assertThat(deltaStats.stepTableBytes()).isPositive();
            // The initial snapshot and one per 3 updates (versions 3, 6, 9).
            assertThat(deltaStats.snapshotBytes()).isEqualTo(4 * tableBytes);
        } finally {
            data.release();
        }
    }

    @Test
    void executorsThatLoseTheirTablesCatchUpFromTheSnapshotWithTheSameResult() throws Exception {
        BlockTrainResult undisturbed = train(false, 2, BroadcastPolicy.deltas(4), TrainingListener.NONE);
        long loadsBefore = TableReplicas.snapshotLoads();
        // local[N]: the executors are this JVM, so clearing its replicas is what a restarted executor sees.
        TrainingListener evictor = new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch,
                               double runningLoss, double runningAccuracy, double epochSeconds) {
                if (step == 2 || step == 5 || step == 6) {
                    TableReplicas.clear();
                }
            }
        };
        BlockTrainResult disturbed = train(false, 2, BroadcastPolicy.deltas(4), evictor);
        assertExactlyEqual(disturbed.params(), undisturbed.params());
        // The first load, then one per clear: after step 2 (snapshot 0 + deltas 1–2), 5 (snapshot 4 + delta 5) and 6.
        assertThat(TableReplicas.snapshotLoads() - loadsBefore).isEqualTo(4);
    }

    private static void assertExactlyEqual(BlockParams actual, BlockParams expected) {
        assertThat(actual.dense()).containsExactly(expected.dense());
        for (int t = 0; t < SPEC.tableCount(); t++) {
            assertThat(actual.tables().table(t)).as("table %d", t).containsExactly(expected.tables().table(t));
        }
    }

    @Test
    void epochMetricsReportTheWeightedLoss() throws Exception {
        List<EpochMetrics> epochs = new ArrayList<>();
        BlockTrainResult r = train(true, 2, BroadcastPolicy.defaults(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                epochs.add(m);
            }
        });
        assertThat(epochs).containsExactlyElementsOf(r.history());
        assertThat(r.provenance().seed()).isEqualTo(11);
        assertThat(r.provenance().partitions()).isEqualTo(2);
        assertThat(r.provenance().rows()).isEqualTo(ROWS);
        assertThat(r.last().trainLoss()).isPositive().isFinite();
    }
}
