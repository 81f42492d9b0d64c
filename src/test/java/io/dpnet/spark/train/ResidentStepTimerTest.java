package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.spark.JobCount;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.testing.SyntheticIdx;
import io.dpnet.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's timing of real resident steps: one barrier job per block, every step timed, both transports. */
class ResidentStepTimerTest {
    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", 400, 7, 10, 3);
        data = SyntheticIdx.open(dir, "train", 10);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainingPlan plan(int batch) {
        return TrainConfig.defaults().with("layers=49,16,10", "activations=relu,softmax", "optimizer=lamb",
                "batchSize=" + batch, "sync.engine=resident", "seed=3").plan();
    }

    @Test
    void everyBlockIsOneBarrierJobAndEveryRoundTimesEverySetup() throws Exception {
        ShardedData one = ShardedData.load(sc, data, 1, "timer-1");
        ShardedData two = ShardedData.load(sc, data, 2, "timer-2");
        try (JobCount jobs = new JobCount(sc)) {
            List<ResidentStepTimer.Setup> setups = List.of(new ResidentStepTimer.Setup(one, plan(8), false),
                    new ResidentStepTimer.Setup(two, plan(16), true));
            // 400 samples at batch 16: 25 steps per epoch, more than the 15 steps each setup runs.
            ResidentStepTimer.Timings t = ResidentStepTimer.time(sc, setups, 1, 2, 5);
            // (1 warm-up + 2 rounds) x 2 setups: one barrier job per block.
            assertThat(jobs.started()).isEqualTo(3 * 2);
            assertThat(t.beside()).hasDimensions(2, 2);
            assertThat(t.jobStart()).hasDimensions(2, 2);
            assertThat(t.math()).hasDimensions(2, 2);
            for (double[] setup : t.beside()) {
                for (double s : setup) {
                    assertThat(s).isPositive().isLessThan(10);
                }
            }
            // The slowest task's math of the same steps: some forward/backward time, never more than a step took.
            for (int i = 0; i < 2; i++) {
                for (int r = 0; r < 2; r++) {
                    assertThat(t.math()[i][r]).isPositive().isLessThan(10);
                }
            }
        } finally {
            one.release();
            two.release();
        }
    }

    @Test
    void aBlockOfTwoStepsIsRefused() {
        assertThatThrownBy(() -> ResidentStepTimer.time(sc, List.of(), 0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a block needs more than 2 steps, got 2");
    }

    @Test
    void theDriversPerPartitionWorkIsTimedForBothTransports() {
        for (boolean rpc : new boolean[] {true, false}) {
            double[] t = ResidentStepTimer.driverPerPartitionSeconds(10_000, rpc, 5);
            assertThat(t).hasSize(5);
            for (double s : t) {
                assertThat(s).isPositive();
            }
        }
    }

    @Test
    void aSetupsOwnBlockLengthMustLeaveTimedSteps() {
        ResidentStepTimer.Setup tooShort = new ResidentStepTimer.Setup(null, null, false, null, 2);
        assertThatThrownBy(() -> ResidentStepTimer.time(SparkTestContext.get(), List.of(tooShort), 0, 1, 5))
                .hasMessage("a block needs more than 2 steps, got 2");
    }

    @Test
    void anEpochLongBlockIsTheEpochsFullBatchesButTheLast() {
        // 60,000 samples at 1,024: 58 full batches, the timed block never runs the epoch's last one.
        TrainingPlan mnist = TrainConfig.of(new java.util.Properties(), List.of("batchSize=1024")).plan();
        assertThat(ResidentStepTimer.epochBlock(60_000, mnist)).isEqualTo(57);
        assertThat(ResidentStepTimer.epochBlock(100, mnist)).isEqualTo(3);
        assertThat(ResidentStepTimer.epochBlock(8_100_000, mnist)).isEqualTo(120);
    }
}
