package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The accuracy warning for local SGD and the sync.localAfterEpochs key it points to. */
class LocalSgdRuleTest {
    private static TrainConfig mnistJob(String... more) {
        // conf/mnist.properties' local-SGD form: Adam, batch 256, 8 epochs, averages every 32 steps.
        return TrainConfig.defaults().with("batchSize=256", "epochs=8", "sync=average", "sync.localSteps=32")
                .with(more);
    }

    @Test
    void manyPartitionsFromTheFirstEpochGetOneLineSayingWhatToDo() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob(), 16)).contains("local SGD from the first epoch with 16 "
                + "samples per partition per step (batchSize 256 / 16 partitions, below 128) is known to lose "
                + "accuracy against synchronous SGD; set sync.localAfterEpochs=1 (synchronous first), or use fewer "
                + "partitions or a larger batchSize (docs/local-sgd.md)");
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("batchSize=200"), 3).orElseThrow())
                .contains("with 66.7 samples per partition per step (batchSize 200 / 3 partitions, below 128)");
    }

    @Test
    void settingsMeasuredToKeepAccuracyGetNoWarning() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob(), 2)).as("128 samples per partition").isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localAfterEpochs=1"), 16)).isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("batchSize=2048"), 16)).isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("sync.localSteps=1"), 16))
                .as("one local step per average is synchronous SGD for sgd and momentum").isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(TrainConfig.defaults().with("batchSize=256"), 16))
                .as("synchronous").isEmpty();
    }

    @Test
    void aOneEpochRunWithItsOnlyEpochSynchronousIsNotWarnedAbout() {
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("epochs=1", "sync.localAfterEpochs=1"), 16)).isEmpty();
        assertThat(LocalSgdRule.accuracyWarning(mnistJob("epochs=1"), 16)).isPresent();
    }

    @Test
    void thePartitionCountMustBeResolved() {
        assertThatThrownBy(() -> LocalSgdRule.accuracyWarning(mnistJob(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be resolved to a positive count, got 0");
    }

    @Test
    void localAfterEpochsIsValidated() {
        assertThat(mnistJob("sync.localAfterEpochs=2").localAfterEpochs()).isEqualTo(2);
        assertThat(TrainConfig.defaults().localAfterEpochs()).isZero();
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.localAfterEpochs=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.localAfterEpochs=1 needs sync=average (with sync=sync every epoch is synchronous)");
        assertThatThrownBy(() -> mnistJob("sync.localAfterEpochs=-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.localAfterEpochs must be zero or a positive integer, got -1");
    }
}
