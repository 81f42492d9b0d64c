package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TrainConfig;
import org.junit.jupiter.api.Test;

/** Layer sizes are multiplied in long: int products wrap (65536² = 2^32 is 0 in int). */
class DenseSpecSizeTest {
    private static final Activation RELU = Activation.parse("relu");

    @Test
    void aLayerWhoseWeightCountWrapsToZeroInIntIsRefusedWithItsSizes() {
        assertThatThrownBy(() -> new DenseSpec(65536, 65536, RELU))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 65536x65536 layer has 4295032832 parameters (weights and biases); "
                        + "one layer can hold at most 2147483639");
    }

    @Test
    void justOverTheArrayLimitIsRefusedAndJustUnderIsAccepted() {
        // 46341² = 2147488281 > 2^31 − 1: negative in int arithmetic.
        assertThatThrownBy(() -> new DenseSpec(46341, 46341, RELU))
                .hasMessage("a 46341x46341 layer has 2147534622 parameters (weights and biases); "
                        + "one layer can hold at most 2147483639");
        // One output: inputs + 1 parameters, right at the limit.
        DenseSpec widest = new DenseSpec(2147483638, 1, RELU);
        assertThat(widest.paramCount()).isEqualTo(2147483639);
        assertThatThrownBy(() -> new DenseSpec(2147483639, 1, RELU))
                .hasMessage("a 2147483639x1 layer has 2147483640 parameters (weights and biases); "
                        + "one layer can hold at most 2147483639");
    }

    @Test
    void theConfigNamesTheOversizedLayer() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("layers=65536,65536,10", "activations=relu,softmax"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("layers/activations/loss: a 65536x65536 layer has 4295032832 parameters (weights and biases); "
                        + "one layer can hold at most 2147483639");
    }
}
