package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.train.LocalSgdRule;
import io.dpnet.train.TrainingPlan;
import org.junit.jupiter.api.Test;

/** The one-line accuracy warning for local SGD on many partitions, on plans built from configs as users write them. */
class LocalSgdRuleTest {
    private static TrainingPlan mnistJob(String... more) {
        // conf/mnist.properties' local-SGD form: Adam, batch 256, 8 epochs, averages every 32 steps.
        return TrainConfig.defaults().with("batchSize=256", "epochs=8", "sync=average", "sync.localSteps=32")
                .with(more).plan();
    }

    @Test
    void manyPartitionsGetOneLineSayingWhatToDo() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob(), 16)).contains("local SGD with 16 samples per partition "
                + "per step (batchSize 256 / 16 partitions) is known to lose accuracy against synchronous SGD below "
                + "128; use sync=sync, sync.localAfterEpochs=2, partitions <= 2, or batchSize >= 2048 (docs/local-sgd.md)");
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("batchSize=200"), 3).orElseThrow())
                .startsWith("local SGD with 66.7 samples per partition per step (batchSize 200 / 3 partitions)")
                .endsWith("partitions <= 1, or batchSize >= 384 (docs/local-sgd.md)");
    }

    @Test
    void settingsMeasuredToKeepAccuracyGetNoWarning() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob(), 2)).as("128 samples per partition").isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("batchSize=64"), 1)).as("one replica is synchronous")
                .isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("batchSize=2048"), 16)).isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localAfterEpochs=2"), 16)).as("post-local").isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localSteps=1"), 16))
                .as("one local step per average is synchronous SGD for sgd and momentum").isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(TrainConfig.defaults().with("batchSize=256").plan(), 16))
                .as("synchronous").isEmpty();
    }

    @Test
    void postLocalSgdOnlyCoversWhatWasMeasured() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localAfterEpochs=1"), 16))
                .as("one synchronous epoch still loses 0.33 points at P=16").isPresent();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localAfterEpochs=2"), 32))
                .as("8 samples per partition: below what was measured").isPresent();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("epochs=1", "sync.localAfterEpochs=1"), 16))
                .as("the only epoch is synchronous").isEmpty();
    }

    @Test
    void localAfterEpochsIsValidatedAndReachesThePlan() {
        assertThat(mnistJob("sync.localAfterEpochs=2").localAfterEpochs()).isEqualTo(2);
        assertThat(mnistJob("sync.localAfterEpochs=2").averagesIn(2)).isFalse();
        assertThat(mnistJob("sync.localAfterEpochs=2").averagesIn(3)).isTrue();
        assertThat(TrainConfig.defaults().plan().averagesIn(1)).as("synchronous").isFalse();
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.localAfterEpochs=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.localAfterEpochs=1 needs sync=average (with sync=sync every epoch is synchronous)");
        assertThatThrownBy(() -> mnistJob("sync.localAfterEpochs=-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.localAfterEpochs must be zero or a positive integer, got -1");
    }

    @Test
    void thePartitionCountMustBeResolved() {
        assertThatThrownBy(() -> LocalSgdRule.accuracyWarning(mnistJob(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be resolved to a positive count, got 0");
    }
}
