package io.dpnet.spark.train;

import static io.dpnet.spark.train.DistributedEquivalenceTest.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.testing.SyntheticIdx;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingState;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-local SGD ({@code sync.localAfterEpochs}): the first epochs are synchronous steps, the rest
 * local-SGD rounds continuing from their weights and optimizer state.
 */
class PostLocalSgdTest {
    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static ShardedData shards;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", 600, 7, 10, 17);
        sc = SparkTestContext.get();
        IdxDataset train = SyntheticIdx.open(dir, "train", 10);
        shards = ShardedData.load(sc, train, 2, "post-local");
    }

    @AfterAll
    static void tearDown() {
        shards.release();
        SparkTestContext.stop();
    }

    private static TrainConfig config(String... more) {
        // 600 samples / batch 40 = 15 steps per epoch; rounds of 4 local steps.
        return TrainConfig.defaults().with("layers=49,24,10", "activations=relu,softmax", "learningRate=0.01",
                "batchSize=40", "epochs=3", "seed=9", "kernel=java", "evalEvery=0").with(more);
    }

    private static TrainResult train(TrainConfig cfg, TrainingState resume, Checkpointer checkpointer) {
        return new DistributedTrainer(sc, cfg).train(TrainRequest.of(shards).resumingFrom(resume)
                .withCheckpointer(checkpointer));
    }

    /** Saves the state after epoch {@code epoch} into {@code into[0]}. */
    private static Checkpointer afterEpoch(int epoch, TrainingState[] into) {
        return new Checkpointer() {
            @Override
            public boolean dueAfterStep(long globalStep) {
                return false;
            }

            @Override
            public boolean dueAfterEpoch(int e) {
                return e == epoch;
            }

            @Override
            public void save(TrainingState state) {
                into[0] = state;
            }
        };
    }

    @Test
    void theFirstEpochIsSynchronousAndTheRestLocalFromItsState() {
        TrainConfig postLocal = config("sync=average", "sync.localSteps=4", "sync.localAfterEpochs=1");
        TrainResult run = train(postLocal, null, null);
        // The same computation in two pieces: a synchronous run's state after epoch 1, resumed as local SGD.
        TrainingState[] afterOne = new TrainingState[1];
        TrainResult sync = train(config(), null, afterEpoch(1, afterOne));
        TrainResult resumed = train(config("sync=average", "sync.localSteps=4"), afterOne[0], null);
        assertThat(run.params()).containsExactly(resumed.params());
        assertThat(run.history().get(0).trainLoss()).isEqualTo(sync.history().get(0).trainLoss());
        assertThat(run.steps()).isEqualTo(3 * 15);
        // Both phases ran: it is neither the synchronous run nor local SGD from the start.
        float[] local = train(config("sync=average", "sync.localSteps=4"), null, null).params();
        assertThat(maxAbsDiff(run.params(), sync.params())).isGreaterThan(1e-4f);
        assertThat(maxAbsDiff(run.params(), local)).isGreaterThan(1e-4f);
    }

    @Test
    void asManySynchronousEpochsAsEpochsIsSynchronousSgd() {
        float[] sync = train(config(), null, null).params();
        float[] allSync = train(config("sync=average", "sync.localSteps=4", "sync.localAfterEpochs=3"), null, null)
                .params();
        assertThat(allSync).containsExactly(sync);
    }
}
