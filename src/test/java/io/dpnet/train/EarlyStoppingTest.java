package io.dpnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    private static EpochMetrics epoch(int e, double valLoss, double valAccuracy) {
        return new EpochMetrics(e, 10, 1, 0, 0, valLoss, valAccuracy, Double.NaN, Double.NaN, 1, 1, e, 0.001, Double.NaN);
    }

    private static TrainConfig config(String... extra) {
        return TrainConfig.defaults().with("validation.fraction=0.1", "earlyStopping.patience=2").with(extra);
    }

    @Test
    void stopsAfterPatienceEpochsOfRisingValidationLossAndKeepsTheBest() {
        EarlyStopping stopping = new EarlyStopping(config().plan().earlyStopping(), null);
        double[] losses = {0.50, 0.40, 0.45, 0.52, 0.60};
        boolean stopped = false;
        int epoch = 0;
        while (!stopped) {
            epoch++;
            float[] params = {epoch};  // tag the weights with their epoch
            stopped = stopping.record(epoch(epoch, losses[epoch - 1], 0), params);
        }
        assertThat(epoch).isEqualTo(4);
        assertThat(stopping.bestEpoch()).isEqualTo(2);
        assertThat(stopping.bestParams()).containsExactly(2f);
    }

    @Test
    void minDeltaIgnoresTinyImprovementsAndAccuracyIsMaximized() {
        EarlyStopping stopping = new EarlyStopping(config("earlyStopping.metric=valAccuracy",
                "earlyStopping.minDelta=0.01").plan().earlyStopping(), null);
        assertThat(stopping.record(epoch(1, 0, 0.90), new float[] {1})).isFalse();
        assertThat(stopping.record(epoch(2, 0, 0.905), new float[] {2})).isFalse();  // +0.005 < minDelta
        assertThat(stopping.record(epoch(3, 0, 0.95), new float[] {3})).isFalse();   // real improvement resets
        assertThat(stopping.record(epoch(4, 0, 0.94), new float[] {4})).isFalse();
        assertThat(stopping.record(epoch(5, 0, 0.95), new float[] {5})).isTrue();
        assertThat(stopping.bestEpoch()).isEqualTo(3);
    }

    @Test
    void resumedBookkeepingContinuesTheCount() {
        EarlyStopping stopping = new EarlyStopping(config().plan().earlyStopping(), new TrainingState.Best(3, 0.2, 1, new float[] {3}));
        assertThat(stopping.record(epoch(5, 0.3, 0), new float[] {5})).isTrue();
        assertThat(stopping.bestParams()).containsExactly(3f);
    }

    @Test
    void offWhenPatienceIsZero() {
        EarlyStopping stopping = new EarlyStopping(TrainConfig.defaults().plan().earlyStopping(), null);
        assertThat(stopping.enabled()).isFalse();
        assertThat(stopping.best()).isNull();
        assertThat(stopping.record(epoch(1, 9, 0), new float[] {1})).isFalse();
    }
}
