package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The keys of large-batch training (lr.scaling) and local SGD (sync): values and exact errors. */
class SyncAndScalingConfigTest {
    @Test
    void linearScalingMultipliesTheWholeScheduleByBatchOverReference() {
        TrainConfig c = TrainConfig.defaults().with("learningRate=0.001", "batchSize=1024", "lr.scaling=linear",
                "lr.schedule=cosine", "lr.minRate=0.0001", "epochs=2");
        assertThat(c.learningRateScale()).isEqualTo(8.0);
        assertThat(c.effectiveLearningRate()).isCloseTo(0.008, within(1e-12));
        var schedule = c.schedule(10);
        assertThat(schedule.rate(0)).isCloseTo(0.008, within(1e-12));
        assertThat(schedule.rate(20)).as("minRate scaled too").isCloseTo(0.0008, within(1e-12));
    }

    @Test
    void sqrtScalingAndNone() {
        TrainConfig c = TrainConfig.defaults().with("learningRate=0.001", "batchSize=512", "lr.scaling=sqrt",
                "lr.referenceBatch=128");
        assertThat(c.learningRateScale()).isEqualTo(2.0);
        assertThat(c.schedule(5).rate(3)).isCloseTo(0.002, within(1e-12));
        TrainConfig none = TrainConfig.defaults().with("batchSize=1024");
        assertThat(none.learningRateScale()).isEqualTo(1.0);
        assertThat(none.schedule(5).rate(0)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void warmupRampsToTheScaledRate() {
        TrainConfig c = TrainConfig.defaults().with("learningRate=0.001", "batchSize=256", "lr.scaling=linear",
                "lr.warmupEpochs=1", "epochs=3");
        var schedule = c.schedule(4);
        assertThat(schedule.rate(0)).isCloseTo(0.0005, within(1e-12));
        assertThat(schedule.rate(3)).isCloseTo(0.002, within(1e-12));
    }

    @Test
    void syncDefaultsToEveryStep() {
        TrainConfig c = TrainConfig.defaults();
        assertThat(c.syncMode()).isEqualTo(io.dpnet.train.TrainingPlan.SyncMode.SYNC);
        assertThat(c.localSteps()).isEqualTo(1);
        TrainConfig avg = c.with("sync=average", "sync.localSteps=8");
        assertThat(avg.syncMode()).isEqualTo(io.dpnet.train.TrainingPlan.SyncMode.AVERAGE);
        assertThat(avg.localSteps()).isEqualTo(8);
    }

    @Test
    void badValuesAreRejectedWithExactMessages() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("lr.scaling=quadratic"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("lr.scaling must be none, linear or sqrt, got 'quadratic'");
        assertThatThrownBy(() -> TrainConfig.defaults().with("lr.referenceBatch=0"))
                .hasMessage("lr.referenceBatch must be a positive integer, got 0");
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync=async"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync must be sync or average, got 'async'");
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync=average", "sync.localSteps=0"))
                .hasMessage("sync.localSteps must be a positive integer, got 0");
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync=average", "sync.localSteps=two"))
                .hasMessage("sync.localSteps must be an integer, got 'two'");
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.localSteps=4"))
                .hasMessage("sync.localSteps=4 needs sync=average (sync=sync averages gradients every step)");
    }
}
