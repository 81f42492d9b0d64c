package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.testing.SyntheticIdx;
import io.dpnet.train.TrainResult;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync.engine=resident}: one barrier job per epoch instead of one job per step must change
 * when the work happens, never what is computed — the same weights, bit for bit, as the
 * job-per-step path, on every partition count it runs on, with the buffers reused across steps.
 */
class ResidentSyncStepTest {
    private static final int COUNT = 1000;

    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", COUNT, 7, 10, 11);
        data = SyntheticIdx.open(dir, "train", 10);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    /** 1000 samples / batch 64: 16 steps per epoch, the last partial (40 samples); 2 epochs. */
    private static TrainConfig config(String... more) {
        return TrainConfig.defaults().with("layers=49,32,16,10", "activations=relu,tanh,softmax",
                "optimizer=adam", "learningRate=0.01", "lr.schedule=cosine", "batchSize=64", "epochs=2", "seed=5",
                "evalEvery=0").with(more);
    }

    private static TrainResult trainOn(int partitions, TrainConfig cfg) {
        ShardedData shards = ShardedData.load(sc, data, partitions, "train-" + partitions);
        try {
            return new DistributedTrainer(sc, cfg).train(TrainRequest.of(shards));
        } finally {
            shards.release();
        }
    }

    @Test
    void givesTheJobPerStepWeightsBitForBitOnOneAndTwoPartitions() {
        assertSameWeights(config());
    }

    @Test
    void givesTheJobPerStepWeightsWithDropout() {
        assertSameWeights(config("dropout=0.3,0.2"));
    }

    @Test
    void givesTheJobPerStepWeightsWithMseAndLamb() {
        assertSameWeights(config("loss=mse", "activations=relu,tanh,sigmoid", "optimizer=lamb", "lr.warmupEpochs=1"));
    }

    private static void assertSameWeights(TrainConfig cfg) {
        float[] jobsOne = trainOn(1, cfg.with("sync.engine=jobs")).params();
        float[] init = new DistributedTrainer(sc, cfg).initialParams();
        assertThat(DistributedEquivalenceTest.maxAbsDiff(jobsOne, init)).as("training moved the weights")
                .isGreaterThan(1e-3f);
        for (int p : new int[] {1, 2}) {
            long before = ResidentExchange.sumsAllocated();
            float[] resident = trainOn(p, cfg.with("sync.engine=resident")).params();
            assertThat(ResidentExchange.sumsAllocated() - before).as("the resident engine ran (P=%d)", p)
                    .isEqualTo(2L * p);
            assertThat(resident).as("resident on %d partitions vs one job per step on 1", p).containsExactly(jobsOne);
            assertThat(trainOn(p, cfg.with("sync.engine=jobs")).params())
                    .as("one job per step on %d partitions", p).containsExactly(resident);
        }
    }

    /**
     * The cluster transport (Spark RPC, byte messages, deferred replies) run in local mode: the
     * same weights bit for bit. (In local mode Spark hands an ask to its own endpoint without
     * serializing it; StandaloneClusterTest runs it between JVMs.)
     */
    @Test
    void givesTheJobPerStepWeightsOverTheRpcTransport() {
        TrainConfig cfg = config("optimizer=lamb", "lr.warmupEpochs=1", "dropout=0.2,0.1");
        float[] jobs = trainOn(2, cfg.with("sync.engine=jobs")).params();
        sc.setLocalProperty(ResidentSyncStep.Slots.RPC_IN_LOCAL_MODE, "true");
        try {
            long sums = ResidentExchange.sumsAllocated();
            float[] overRpc = trainOn(2, cfg.with("sync.engine=resident")).params();
            // The driver decodes each partition's sum into one buffer per partition per epoch.
            assertThat(ResidentExchange.sumsAllocated() - sums).as("the resident engine ran").isEqualTo(4);
            assertThat(overRpc).as("resident over RPC vs one job per step").containsExactly(jobs);
        } finally {
            sc.setLocalProperty(ResidentSyncStep.Slots.RPC_IN_LOCAL_MODE, null);
        }
    }

    @Test
    void reusesOneWorkspaceAndOneSumBufferPerPartitionForAWholeEpoch() {
        TrainConfig cfg = config("sync.engine=resident", "kernel=auto");
        long workspaces = ExecutorWorkspaces.createdCount();
        long sums = ResidentExchange.sumsAllocated();
        TrainResult r = trainOn(2, cfg);
        assertThat(r.steps()).isEqualTo(32);
        // One barrier job per epoch: a sum buffer per partition per job, never one per step (that would be 64).
        assertThat(ResidentExchange.sumsAllocated() - sums).isEqualTo(4);
        // The executor threads' workspaces are built at most once per task (4), not per step.
        assertThat(ExecutorWorkspaces.createdCount() - workspaces).isLessThanOrEqualTo(4);
    }

    @Test
    void refusesToRunWherePartitionsExceedTheTaskSlots() {
        // local[4] has four slots: eight partitions cannot all run at once.
        assertThatThrownBy(() -> trainOn(8, config("sync.engine=resident")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sync.engine=resident cannot run here: 8 partitions exceed the 4 task slots of local[4] "
                        + "(all tasks of a step must run at once) (use sync.engine=auto or jobs)");
    }

    @Test
    void autoRunsOneJobPerStepWherePartitionsExceedTheSlotsWithTheSameWeights() {
        long sums = ResidentExchange.sumsAllocated();
        float[] eight = trainOn(8, config()).params();
        assertThat(ResidentExchange.sumsAllocated()).as("no resident job on 8 partitions").isEqualTo(sums);
        assertThat(eight).containsExactly(trainOn(2, config()).params());
    }

    @Test
    void namesWhyAClusterRunsOneJobPerStep() {
        ShardedData four = ShardedData.load(sc, data, 4, "why-not");
        try {
            var plan = config().plan();
            var cluster = new ResidentSyncStep.Slots("spark://h:7077", false, 2, false);
            assertThat(ResidentSyncStep.whyNot(plan, cluster, four)).isEqualTo("4 partitions exceed the 2 task "
                    + "slots of the executors registered now (all tasks of a step must run at once)");
            assertThat(ResidentSyncStep.whyNot(plan, new ResidentSyncStep.Slots("spark://h:7077", false, 4, false),
                    four)).isNull();
            assertThat(ResidentSyncStep.whyNot(plan, new ResidentSyncStep.Slots("yarn", false, 8, true), four))
                    .isEqualTo("spark.dynamicAllocation.enabled=true: Spark runs barrier jobs only on a fixed set "
                            + "of executors");
            assertThat(ResidentSyncStep.whyNot(plan, new ResidentSyncStep.Slots("local[2]", true, 2, false), four))
                    .isEqualTo("4 partitions exceed the 2 task slots of local[2] (all tasks of a step must run at once)");
            var slots = ResidentSyncStep.Slots.of(sc);
            assertThat(slots.local()).isTrue();
            assertThat(slots.overRpc(sc)).isFalse();
        } finally {
            four.release();
        }
    }

    @Test
    void countsLocalSlotsFromTheMaster() {
        assertThat(ResidentSyncStep.localSlots("local[4]", 1)).isEqualTo(4);
        assertThat(ResidentSyncStep.localSlots("local[4]", 2)).isEqualTo(2);
        assertThat(ResidentSyncStep.localSlots("local[2,4]", 1)).isEqualTo(2);
        assertThat(ResidentSyncStep.localSlots("local", 1)).isEqualTo(1);
        assertThat(ResidentSyncStep.localSlots("local[*]", 1)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ResidentSyncStep.localSlots("local-cluster[2,1,1024]", 1)).isZero();
        assertThat(ResidentSyncStep.localSlots("spark://host:7077", 1)).isZero();
    }
}
