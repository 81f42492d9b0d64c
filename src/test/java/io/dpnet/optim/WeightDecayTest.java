package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightDecayTest {
    private final ModelSpec spec = ModelSpec.of(new int[] {3, 4, 2}, List.of(Activation.RELU, Activation.SOFTMAX),
            LossKind.CROSS_ENTROPY);

    private float[] randomParams() {
        Random rnd = new Random(5);
        float[] p = new float[spec.paramCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rnd.nextGaussian();
        }
        return p;
    }

    @Test
    void addsLambdaTimesWeightsToWeightGradientsOnly() {
        float[] params = randomParams();
        float[] paramsCopy = params.clone();
        float[] grad = new float[spec.paramCount()];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = 0.5f * i;
        }
        float[] before = grad.clone();
        WeightDecay.addL2(params, grad, 0.1f, spec);

        assertThat(params).containsExactly(paramsCopy);
        boolean[] isWeight = new boolean[spec.paramCount()];
        for (int l = 0; l < spec.layerCount(); l++) {
            for (int i = 0; i < spec.layer(l).weightCount(); i++) {
                isWeight[spec.weightOffset(l) + i] = true;
            }
        }
        int weights = 0;
        for (int i = 0; i < grad.length; i++) {
            if (isWeight[i]) {
                weights++;
                assertThat(grad[i]).as("weight %d", i).isCloseTo(before[i] + 0.1f * params[i], within(1e-6f));
            } else {
                assertThat(grad[i]).as("bias %d", i).isEqualTo(before[i]);
            }
        }
        assertThat(weights).isEqualTo(3 * 4 + 4 * 2);
        assertThat(grad.length - weights).isEqualTo(4 + 2);
    }

    @Test
    void zeroLambdaIsANoOp() {
        float[] params = randomParams();
        float[] grad = new float[spec.paramCount()];
        WeightDecay.addL2(params, grad, 0f, spec);
        assertThat(grad).containsOnly(0f);
    }

    @Test
    void rejectsBadArguments() {
        float[] params = randomParams();
        assertThatThrownBy(() -> WeightDecay.addL2(params, new float[spec.paramCount()], -1f, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightDecay must be a non-negative number, got -1.0");
        assertThatThrownBy(() -> WeightDecay.addL2(params, new float[3], 0.1f, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model has 26 parameters, got params of 26 and a gradient of 3");
    }
}
