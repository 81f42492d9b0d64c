package io.dpnet.spark.train;

import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.TrainingListener;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's task retry (local[N,F]) recovers injected task failures, and because a step is a pure
 * function of the broadcast weights and the cached shard, the retried run ends with exactly the
 * weights of an undisturbed one.
 */
class TaskFailureTest {
    /** Task invocations seen so far; executors are threads of this JVM in local mode. */
    static final AtomicInteger TASKS = new AtomicInteger();
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void injectedTaskFailuresAreRetriedAndChangeNothing(@TempDir Path dir) throws Exception {
        SyntheticIdx.write(dir, "train", 1200, 7, 10, 5);
        IdxDataset data = SyntheticIdx.open(dir, "train", 10);
        TrainConfig cfg = TrainConfig.defaults().with("layers=49,32,10", "activations=relu,softmax",
                "batchSize=60", "epochs=2", "seed=9", "evalEvery=0",
                // Spark's task retry of the job-per-step path (ResidentFailureTest covers the resident one).
                "sync.engine=jobs");
        // local[2,4]: two threads, each task may fail up to 3 times before the job fails.
        try (JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("dpnet-faults", "local[2,4]")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
            ShardedData shards = ShardedData.load(sc, data, 2, "train");
            DistributedTrainer trainer = new DistributedTrainer(sc, cfg);
            float[] undisturbed = trainer.train(TrainRequest.of(shards)).params();

            ShardedData flaky = shards.withShards(shards.shards().mapPartitions(it -> {
                int n = TASKS.incrementAndGet();
                // Fail the first attempt of a few tasks spread over the run (40 steps x 2 tasks, plus retries).
                if ((n == 7 || n == 30 || n == 51 || n == 70) && TaskContext.get().attemptNumber() == 0) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected task failure #" + n);
                }
                return it;
            }, true));
            float[] retried = trainer.train(TrainRequest.of(flaky)).params();

            assertThat(INJECTED.get()).isEqualTo(4);
            assertThat(retried).containsExactly(undisturbed);
        }
    }
}
