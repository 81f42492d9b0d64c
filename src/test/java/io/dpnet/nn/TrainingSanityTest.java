package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.optim.Optimizer;
import io.dpnet.optim.OptimizerSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end on one machine: a 2-8-2 net with Adam learns XOR-like quadrant data. */
class TrainingSanityTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void adamLearnsXor(String kernel) {
        int n = 200;
        Random rnd = new Random(2024);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            // Points in the four quadrants, kept away from the axes; class = sign(x0) xor sign(x1).
            float a = (float) ((0.2 + 0.8 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1));
            float b = (float) ((0.2 + 0.8 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1));
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = (a > 0) != (b > 0) ? 1 : 0;
        }
        ModelSpec spec = ModelSpec.of(new int[] {2, 8, 2}, List.of(Activation.TANH, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(n, Gemm.create(kernel));
        float[] params = net.initParams(Init.XAVIER, 7);
        float[] grad = net.newGradient();
        Optimizer adam = OptimizerSpec.adam(0.05).create(spec.paramCount());

        BatchStats first = net.gradient(params, x, 0, y, 0, n, net.newGradient(), ws, false);
        BatchStats stats = null;
        for (int step = 0; step < 300; step++) {
            Sequential.clear(grad);
            stats = net.gradient(params, x, 0, y, 0, n, grad, ws, false);
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= n;
            }
            adam.step(params, grad, 0.05f);
        }
        int[] predictions = new int[n];
        net.predict(params, x, 0, n, predictions, 0, ws);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (predictions[i] == y[i]) {
                correct++;
            }
        }
        assertThat(first.correct()).isLessThan(n * 3 / 4);
        assertThat(correct).isEqualTo(n);
        assertThat(stats.lossSum() / n).isLessThan(0.1).isLessThan(first.lossSum() / n / 5);
    }
}
