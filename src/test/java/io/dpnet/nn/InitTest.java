package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class InitTest {
    private final ModelSpec spec = ModelSpec.of(new int[] {784, 256, 10},
            List.of(Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
    private final Sequential net = new Sequential(spec);

    private double[] meanAndStd(float[] p, int off, int n) {
        double sum = 0;
        double sq = 0;
        for (int i = off; i < off + n; i++) {
            sum += p[i];
            sq += (double) p[i] * p[i];
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
    }

    private void assertLayerStd(float[] params, int layer, double expectedStd) {
        double[] ms = meanAndStd(params, spec.weightOffset(layer), spec.layer(layer).weightCount());
        assertThat(ms[1]).as("std of layer %d", layer).isCloseTo(expectedStd, within(0.05 * expectedStd));
        assertThat(ms[0]).as("mean of layer %d", layer).isCloseTo(0.0, within(0.05 * expectedStd));
    }

    private void assertBiasesZero(float[] params) {
        for (int l = 0; l < spec.layerCount(); l++) {
            for (int j = 0; j < spec.layer(l).outputs(); j++) {
                assertThat(params[spec.biasOffset(l) + j]).isZero();
            }
        }
    }

    @Test
    void heUsesTwoOverFanIn() {
        float[] p = net.initParams(Init.HE, 1);
        assertThat(p).hasSize(784 * 256 + 256 + 256 * 10 + 10);
        assertLayerStd(p, 0, Math.sqrt(2.0 / 784));
        assertLayerStd(p, 1, Math.sqrt(2.0 / 256));
        assertBiasesZero(p);
    }

    @Test
    void xavierUsesTwoOverFanInPlusFanOut() {
        float[] p = net.initParams(Init.XAVIER, 2);
        assertLayerStd(p, 0, Math.sqrt(2.0 / (784 + 256)));
        assertLayerStd(p, 1, Math.sqrt(2.0 / (256 + 10)));
        assertBiasesZero(p);
    }

    @Test
    void seedDeterminesTheParameters() {
        float[] a = net.initParams(Init.HE, 42);
        float[] b = net.initParams(Init.HE, 42);
        float[] c = net.initParams(Init.HE, 43);
        assertThat(b).containsExactly(a);
        int same = 0;
        for (int i = 0; i < spec.biasOffset(0); i++) {
            if (a[i] == c[i]) {
                same++;
            }
        }
        assertThat(same).isLessThan(10);
    }

    @Test
    void parse() {
        assertThat(Init.parse("he")).isEqualTo(Init.HE);
        assertThat(Init.parse(" Xavier ")).isEqualTo(Init.XAVIER);
        assertThat(Init.HE).hasToString("he");
        assertThatThrownBy(() -> Init.parse("orthogonal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown init 'orthogonal' (expected he or xavier)");
    }
}
