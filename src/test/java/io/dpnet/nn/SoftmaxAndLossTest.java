package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SoftmaxAndLossTest {

    private static double[] softmaxDouble(float[] z, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[off + j]);
        }
        double[] s = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            s[j] = Math.exp(z[off + j] - max);
            sum += s[j];
        }
        for (int j = 0; j < n; j++) {
            s[j] /= sum;
        }
        return s;
    }

    @Test
    void softmaxForwardRowsArePositiveAndSumToOne() {
        Random rnd = new Random(1);
        int rows = 5;
        int cols = 7;
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rnd.nextGaussian() * 4);
        }
        float[] a = new float[z.length];
        Activation.SOFTMAX.forward(z, a, rows, cols);
        for (int r = 0; r < rows; r++) {
            double[] expected = softmaxDouble(z, r * cols, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                assertThat((double) a[r * cols + j]).isCloseTo(expected[j], within(1e-6));
                sum += a[r * cols + j];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void softmaxBackwardEqualsTheExplicitJacobianProduct() {
        Random rnd = new Random(2);
        int rows = 4;
        int cols = 6;
        float[] z = new float[rows * cols];
        float[] g = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rnd.nextGaussian() * 2);
            g[i] = (float) rnd.nextGaussian();
        }
        float[] s = new float[z.length];
        Activation.SOFTMAX.forward(z, s, rows, cols);
        float[] gradZ = new float[z.length];
        Activation.SOFTMAX.backward(z, s, g, gradZ, rows, cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            // J = diag(s) − s sᵀ (symmetric), dz = J·g, materialized naively.
            for (int i = 0; i < cols; i++) {
                double acc = 0;
                for (int j = 0; j < cols; j++) {
                    double jac = (i == j ? s[o + i] : 0.0) - (double) s[o + i] * s[o + j];
                    acc += jac * g[o + j];
                }
                assertThat((double) gradZ[o + i]).as("row %d col %d", r, i).isCloseTo(acc, within(1e-6));
            }
        }
        // In place (gradZ aliasing gradA) gives the same answer.
        float[] inPlace = g.clone();
        Activation.SOFTMAX.backward(z, s, inPlace, inPlace, rows, cols);
        assertThat(inPlace).containsExactly(gradZ);
    }

    @Test
    void fusedCrossEntropyGradientIsProbabilitiesMinusOneHot() {
        Random rnd = new Random(3);
        int rows = 6;
        int classes = 5;
        float[] logits = new float[rows * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (rnd.nextGaussian() * 3);
        }
        int[] labels = {0, 4, 2, 2, 1, 3};
        float[] probs = new float[logits.length];
        float[] grad = new float[logits.length];
        double loss = Losses.softmaxCrossEntropy(logits, probs, labels, 0, rows, classes, grad);
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            double[] p = softmaxDouble(logits, r * classes, classes);
            expectedLoss -= Math.log(p[labels[r]]);
            for (int j = 0; j < classes; j++) {
                double onehot = j == labels[r] ? 1 : 0;
                assertThat((double) probs[r * classes + j]).isCloseTo(p[j], within(1e-6));
                assertThat((double) grad[r * classes + j] / rows)
                        .isCloseTo((p[j] - onehot) / rows, within(1e-7));
            }
        }
        assertThat(loss).isCloseTo(expectedLoss, within(1e-5));
    }

    /** Through the network: the output bias gradient / n is the batch mean of (p − onehot). */
    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void meanOutputBiasGradientIsMeanOfProbabilitiesMinusOneHot(String kernel) {
        ModelSpec spec = ModelSpec.of(new int[] {4, 3}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(5, Gemm.create(kernel));
        Random rnd = new Random(4);
        float[] params = new float[spec.paramCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[5 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] labels = {2, 0, 1, 1, 2};
        float[] grad = net.newGradient();
        net.gradient(params, x, 0, labels, 0, 5, grad, ws, false);
        float[] p = ws.output();
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int r = 0; r < 5; r++) {
                mean += (p[r * 3 + j] - (labels[r] == j ? 1.0 : 0.0)) / 5;
            }
            assertThat((double) grad[spec.biasOffset(0) + j] / 5).isCloseTo(mean, within(1e-6));
        }
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        float[] logits = {1000f, -1000f, 1000f, -1000f, -1000f, 1000f};
        int[] labels = {0, 1, 1};
        float[] probs = new float[6];
        float[] grad = new float[6];
        double loss = Losses.softmaxCrossEntropy(logits, probs, labels, 0, 3, 2, grad);
        assertThat(loss).isFinite().isCloseTo(2000.0, within(1e-9));
        assertThat(probs).containsExactly(1f, 0f, 1f, 0f, 0f, 1f);
        assertThat(grad).containsExactly(0f, 0f, 1f, -1f, 0f, 0f);
        // Each row's loss on its own: a correct confident row costs 0, a wrong one 2000.
        float[] single = {1000f, -1000f};
        assertThat(Losses.softmaxCrossEntropy(single, new float[2], new int[] {0}, 0, 1, 2, new float[2]))
                .isFinite().isZero();
        assertThat(Losses.softmaxCrossEntropy(single, new float[2], new int[] {1}, 0, 1, 2, new float[2]))
                .isFinite().isEqualTo(2000.0);
        float[] a = new float[2];
        Activation.SOFTMAX.forward(single, a, 1, 2);
        assertThat(a).containsExactly(1f, 0f);
    }

    @Test
    void crossEntropyRejectsBadLabels() {
        assertThatThrownBy(() -> Losses.softmaxCrossEntropy(new float[4], new float[4], new int[] {0, 2}, 0, 2, 2,
                new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 2 of batch row 1 is outside 0..1");
        assertThatThrownBy(() -> Losses.oneHot(new int[] {-1}, 0, 1, 3, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label -1 of batch row 0 is outside 0..2");
    }

    @Test
    void squaredErrorIsHalfTheSumOfSquares() {
        float[] out = {1f, 2f, 3f, 4f};
        float[] t = {0f, 2f, 5f, 3.5f};
        float[] grad = new float[4];
        double loss = Losses.squaredError(out, t, 2, 2, grad);
        assertThat(loss).isCloseTo(0.5 * (1 + 0 + 4 + 0.25), within(1e-9));
        assertThat(grad).containsExactly(1f, 0f, -2f, 0.5f);
    }

    @Test
    void sigmoidAndActivationsForwardValues() {
        float[] z = {-1000f, -1f, 0f, 2f, 1000f};
        float[] a = new float[5];
        Activation.SIGMOID.forward(z, a, 1, 5);
        assertThat(a[0]).isZero();
        assertThat(a[1]).isCloseTo((float) (1 / (1 + Math.E)), within(1e-7f));
        assertThat(a[2]).isEqualTo(0.5f);
        assertThat(a[4]).isEqualTo(1f);
        Activation.leakyRelu(0.1f).forward(z, a, 1, 5);
        assertThat(a).containsExactly(-100f, -0.1f, 0f, 2f, 1000f);
        Activation.RELU.forward(z, a, 1, 5);
        assertThat(a).containsExactly(0f, 0f, 0f, 2f, 1000f);
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        assertThat(Losses.argmax(new float[] {9f, 1f, 3f, 3f, 0f}, 1, 4)).isEqualTo(1);
        assertThat(Losses.argmax(new float[] {0f, 1f, 3f, 2f}, 0, 4)).isEqualTo(2);
        assertThat(Losses.countCorrect(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, new int[] {1, 1}, 0, 2, 2)).isEqualTo(1);
    }
}
