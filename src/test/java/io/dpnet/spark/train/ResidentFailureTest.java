package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.testing.SyntheticIdx;
import io.dpnet.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resident step job that fails must surface as an error (or, under {@code auto}, hand over to
 * one job per step with the same weights) — never hang the driver or leave its tasks holding the
 * slots the next job needs.
 */
class ResidentFailureTest {
    /** Task starts on the flaky shards (tasks are threads of this JVM in local mode). */
    static final AtomicInteger STARTS = new AtomicInteger();
    /** Which task start fails (1-based); with 2 partitions, start 3 is epoch 2's first resident job. */
    static final AtomicInteger FAIL_AT = new AtomicInteger();
    private static final Duration NO_HANG = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", 600, 7, 10, 13);
        data = SyntheticIdx.open(dir, "train", 10);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    /** 600 samples / batch 50: 12 steps per epoch, 2 epochs. */
    private static TrainConfig config(String engine) {
        return TrainConfig.defaults().with("layers=49,16,10", "activations=relu,softmax", "batchSize=50",
                "epochs=2", "seed=4", "evalEvery=0", "sync.engine=" + engine);
    }

    /** The shards, with the {@link #FAIL_AT}-th task start throwing. */
    private static ShardedData flaky(ShardedData shards) {
        return shards.withShards(shards.shards().mapPartitions(it -> {
            if (STARTS.incrementAndGet() == FAIL_AT.get()) {
                throw new IllegalStateException("injected failure at task start " + FAIL_AT.get());
            }
            return it;
        }, true));
    }

    @Test
    void aFailedTaskUnderResidentFailsTheRunWithTheCause() {
        ShardedData shards = ShardedData.load(sc, data, 2, "train");
        try {
            STARTS.set(0);
            FAIL_AT.set(3);
            assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(
                    () -> new DistributedTrainer(sc, config("resident")).train(TrainRequest.of(flaky(shards))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the resident step engine failed at step 12: partition ")
                    .hasMessageContaining(": java.lang.IllegalStateException: injected failure at task start 3"));
            // The slots are free again: the same context trains on.
            assertTimeoutPreemptively(NO_HANG,
                    () -> new DistributedTrainer(sc, config("resident")).train(TrainRequest.of(shards)));
        } finally {
            shards.release();
        }
    }

    @Test
    void aFailedTaskUnderAutoContinuesWithOneJobPerStepAndTheSameWeights() {
        ShardedData shards = ShardedData.load(sc, data, 2, "train");
        try {
            float[] undisturbed = new DistributedTrainer(sc, config("jobs")).train(TrainRequest.of(shards)).params();
            STARTS.set(0);
            FAIL_AT.set(3);
            float[] recovered = assertTimeoutPreemptively(NO_HANG,
                    () -> new DistributedTrainer(sc, config("auto")).train(TrainRequest.of(flaky(shards))).params());
            assertThat(STARTS.get()).as("the failure happened, then one job per step ran on").isGreaterThan(3);
            assertThat(recovered).containsExactly(undisturbed);
        } finally {
            shards.release();
        }
    }

    @Test
    void anErrorOnTheDriverMidEpochEndsTheResidentJobSoTheNextJobRuns() {
        // Four partitions fill local[4]'s slots: a resident job left running would starve the next job.
        ShardedData shards = ShardedData.load(sc, data, 4, "train");
        try {
            TrainingListener failing = new TrainingListener() {
                @Override
                public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch,
                                   double runningLoss, double runningAccuracy, double epochSeconds) {
                    if (step == 5) {
                        throw new IllegalStateException("listener failed at step 5");
                    }
                }
            };
            assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> new DistributedTrainer(sc,
                    config("resident")).train(TrainRequest.of(shards).withListener(failing)))
                    .hasMessage("listener failed at step 5"));
            assertThat(assertTimeoutPreemptively(NO_HANG, () -> shards.shards().count())).isEqualTo(4);
        } finally {
            shards.release();
        }
    }
}
