package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Early stopping on valLoss needs a softmax output: the validation loss is a log-loss, NaN
 * otherwise, and a NaN used to count as an improvement every epoch.
 */
class EarlyStoppingMetricConfigTest {
    private static final String[] MSE_SIGMOID = {"layers=4,3,2", "activations=relu,sigmoid", "loss=mse",
        "validation.fraction=0.1", "earlyStopping.patience=2"};

    @Test
    void valLossWithANonSoftmaxOutputIsRefused() {
        assertThatThrownBy(() -> TrainConfig.defaults().with(MSE_SIGMOID))
                .isInstanceOf(ConfigException.class)
                .hasMessage("earlyStopping.metric=valLoss needs a softmax output layer (the validation loss is a "
                        + "log-loss) but the last layer uses sigmoid; set earlyStopping.metric=valAccuracy");
    }

    @Test
    void valAccuracyOrASoftmaxOutputOrNoEarlyStoppingAreAccepted() {
        assertThat(TrainConfig.defaults().with("layers=4,3,2", "activations=relu,sigmoid", "loss=mse",
                "validation.fraction=0.1", "earlyStopping.patience=2", "earlyStopping.metric=valAccuracy")
                .asMap().get("earlyStopping.metric")).isEqualTo("valAccuracy");
        assertThat(TrainConfig.defaults().with("layers=4,3,2", "activations=relu,softmax", "loss=mse",
                "validation.fraction=0.1", "earlyStopping.patience=2").asMap().get("loss")).isEqualTo("mse");
        assertThat(TrainConfig.defaults().with("layers=4,3,2", "activations=relu,sigmoid", "loss=mse",
                "validation.fraction=0.1").asMap().get("earlyStopping.patience")).isEqualTo("0");
    }
}
