package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Steps must reuse each executor thread's workspace under the default {@code kernel=auto}: a new
 * one per task (the bug this guards against) is megabytes of garbage per step.
 */
class ExecutorWorkspacesTest {
    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", 640, 7, 10, 5);
        data = SyntheticIdx.open(dir, "train", 10);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    @Test
    void autoKernelSlotIsReusedOnTheSameThread() {
        TrainConfig cfg = TrainConfig.defaults().with("layers=49,16,10", "activations=relu,softmax");
        ExecutorWorkspaces.Slot first = ExecutorWorkspaces.get(cfg.modelSpec(), 64, "auto");
        ExecutorWorkspaces.Slot second = ExecutorWorkspaces.get(cfg.modelSpec(), 64, "auto");
        assertThat(second).isSameAs(first);
        // Fewer rows fit in the same slot; a different kernel does not.
        assertThat(ExecutorWorkspaces.get(cfg.modelSpec(), 32, "AUTO")).isSameAs(first);
        assertThat(ExecutorWorkspaces.get(cfg.modelSpec(), 64, "ejml")).isNotSameAs(first);
    }

    @Test
    void synchronousStepsUnderAutoKernelAllocateAtMostOneWorkspacePerTaskThread() {
        // 640 samples / batch 32 = 20 steps of 2 tasks each: 40 tasks on local[4]'s 4 task threads.
        TrainConfig cfg = TrainConfig.defaults().with("layers=49,16,10", "activations=relu,softmax",
                "optimizer=sgd", "learningRate=0.05", "batchSize=32", "epochs=1", "seed=1", "kernel=auto",
                "evalEvery=0", "sync=sync", "sync.localSteps=1");
        ShardedData shards = ShardedData.load(sc, data, 2, "workspaces");
        try {
            long before = ExecutorWorkspaces.createdCount();
            TrainResult result = new DistributedTrainer(sc, cfg).train(TrainRequest.of(shards));
            assertThat(result.steps()).isEqualTo(20);
            assertThat(ExecutorWorkspaces.createdCount() - before).isLessThanOrEqualTo(4);
        } finally {
            shards.release();
        }
    }
}
