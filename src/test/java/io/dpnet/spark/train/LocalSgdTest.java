package io.dpnet.spark.train;

import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingState;

import static io.dpnet.spark.train.DistributedEquivalenceTest.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local SGD ({@code sync=average}): exact where it should be, convergent, deterministic, resumable. */
class LocalSgdTest {
    private static final int COUNT = 1000;

    @TempDir
    static Path dir;
    private static IdxDataset train;
    private static IdxDataset test;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", COUNT, 7, 10, 7);
        SyntheticIdx.write(dir, "t10k", 400, 7, 10, 8);
        train = open("train");
        test = open("t10k");
        sc = SparkTestContext.get();
    }

    private static IdxDataset open(String prefix) throws Exception {
        return IdxDataset.open(new Configuration(), dir.resolve(prefix + "-images-idx3-ubyte").toString(),
                dir.resolve(prefix + "-labels-idx1-ubyte").toString(), 10);
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainConfig config(String optimizer, String... more) {
        // 1000 samples / batch 64 = 16 steps per epoch, the last one partial (40 samples).
        return TrainConfig.defaults().with("layers=49,32,16,10", "activations=relu,tanh,softmax",
                "optimizer=" + optimizer, "learningRate=0.05", "batchSize=64", "epochs=2", "seed=3",
                "kernel=java", "evalEvery=0").with(more);
    }

    private static TrainResult trainOn(int partitions, TrainConfig cfg, ShardedData testSet, TrainingState resume,
                                       Checkpointer checkpointer) {
        ShardedData shards = ShardedData.load(sc, train, partitions, "train-" + partitions);
        try {
            return new DistributedTrainer(sc, cfg).train(TrainRequest.of(shards).withTest(testSet).resumingFrom(resume).withCheckpointer(checkpointer));
        } finally {
            shards.release();
        }
    }

    private static float[] params(int partitions, TrainConfig cfg) {
        return trainOn(partitions, cfg, null, null, null).params();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "momentum"})
    void oneLocalStepPerRoundIsSynchronousSgd(String optimizer) {
        // Updates (and momentum's velocity) are linear in the gradient, so averaging the partitions'
        // one-step results, weighted by their sample counts, is the step on the summed gradient.
        float[] sync = params(2, config(optimizer));
        float[] average = params(2, config(optimizer, "sync=average", "sync.localSteps=1"));
        float[] init = new DistributedTrainer(sc, config(optimizer)).initialParams();
        assertThat(maxAbsDiff(sync, init)).as("training moved the weights").isGreaterThan(5e-2f);
        assertThat(maxAbsDiff(sync, average)).isLessThan(2e-5f);
        // ...and it is the averaging path that ran: more local steps give other weights.
        float[] fourSteps = params(2, config(optimizer, "sync=average", "sync.localSteps=4"));
        assertThat(maxAbsDiff(sync, fourSteps)).isGreaterThan(1e-3f);
    }

    @Test
    void withOnePartitionAnyNumberOfLocalStepsIsSynchronousSgd() {
        // One partition holds every sample: its local steps are the global steps, Adam included.
        float[] sync = params(1, config("adam", "learningRate=0.01"));
        float[] average = params(1, config("adam", "learningRate=0.01", "sync=average", "sync.localSteps=5"));
        assertThat(maxAbsDiff(sync, average)).isLessThan(1e-5f);
    }

    @Test
    void averagingConvergesAndRecordsEveryEpoch() {
        ShardedData testSet = ShardedData.load(sc, test, 2, "test");
        try {
            TrainConfig cfg = config("adam", "learningRate=0.01", "epochs=4", "evalEvery=1", "sync=average",
                    "sync.localSteps=4", "dropout=0.1,0.1");
            TrainResult r = trainOn(2, cfg, testSet, null, null);
            assertThat(r.history()).hasSize(4);
            assertThat(r.steps()).isEqualTo(4 * 16);
            assertThat(r.history().get(0).steps()).isEqualTo(16);
            assertThat(r.history().get(3).trainLoss()).isLessThan(r.history().get(0).trainLoss() / 2);
            assertThat(r.last().testAccuracy()).isGreaterThan(0.9);
            assertThat(r.last().mathSeconds()).isPositive().isLessThanOrEqualTo(r.last().epochSeconds());
        } finally {
            testSet.release();
        }
    }

    @Test
    void validationAndEarlyStoppingWorkWithAveraging() throws Exception {
        // Half the labels random, a wide layer: the net overfits, validation loss turns up and
        // early stopping must end the run and hand back the best epoch's weights, as with sync.
        SyntheticIdx.write(dir, "noisy", 600, 8, 4, 31, 0.5);
        ShardedData noisy = ShardedData.load(sc, open("noisy"), 2, "noisy");
        try {
            TrainConfig cfg = TrainConfig.defaults().with("layers=64,256,4", "activations=relu,softmax",
                    "batchSize=20", "learningRate=0.01", "epochs=30", "validation.fraction=0.5",
                    "earlyStopping.patience=3", "kernel=java", "evalEvery=0", "sync=average", "sync.localSteps=4");
            TrainResult r = new DistributedTrainer(sc, cfg).train(TrainRequest.of(noisy));
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.history()).hasSize(r.bestEpoch() + 3).allSatisfy(m -> assertThat(m.validated()).isTrue());
            assertThat(r.history().get(0).steps()).as("300 training samples / 20").isEqualTo(15);
            EpochMetrics best = r.history().get(r.bestEpoch() - 1);
            assertThat(r.history()).allSatisfy(m -> assertThat(m.valLoss()).isGreaterThanOrEqualTo(best.valLoss()));
            // The returned weights are epoch `best`'s: a run of exactly that many epochs ends with them.
            float[] shorter = new DistributedTrainer(sc, cfg.with("epochs=" + r.bestEpoch()))
                    .train(TrainRequest.of(noisy)).params();
            assertThat(r.params()).containsExactly(shorter);
        } finally {
            noisy.release();
        }
    }

    @Test
    void sameSeedSameWeightsBitForBitOnTwoPartitions() {
        TrainConfig cfg = config("adam", "learningRate=0.01", "sync=average", "sync.localSteps=3");
        assertThat(params(2, cfg)).containsExactly(params(2, cfg));
    }

    @Test
    void aRunResumedFromAMidEpochCheckpointEndsWithTheSameWeights() {
        // Checkpoints every 5 steps land after the round that crosses the boundary (rounds of 3).
        TrainConfig cfg = config("adam", "learningRate=0.01", "epochs=3", "sync=average", "sync.localSteps=3");
        List<TrainingState> saved = new ArrayList<>();
        Checkpointer every5 = new Checkpointer() {
            @Override
            public boolean dueAfterStep(long globalStep) {
                return globalStep % 5 == 0;
            }

            @Override
            public boolean dueAfterEpoch(int epoch) {
                return false;
            }

            @Override
            public void save(TrainingState state) {
                saved.add(state);
            }
        };
        float[] whole = trainOn(2, cfg, null, null, every5).params();
        TrainingState midEpoch2 = saved.stream().filter(s -> s.epoch() == 2 && s.stepInEpoch() > 0).findFirst()
                .orElseThrow();
        // Epoch 2's rounds are steps 0-2, 3-5, ...: global step 16+6=22 is the first round end after 20.
        assertThat(midEpoch2.stepInEpoch()).isEqualTo(6);
        assertThat(midEpoch2.globalStep()).isEqualTo(22);
        float[] resumed = trainOn(2, cfg, null, midEpoch2, null).params();
        assertThat(resumed).containsExactly(whole);
    }
}
