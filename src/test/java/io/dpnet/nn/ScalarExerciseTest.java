package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notebook's warm-up: find x with 5x − 10 = 10 by gradient descent on x, here with the
 * library's own forward pass, MSE loss (½(y − t)²) and dL/dX.
 */
class ScalarExerciseTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void gradientDescentOnTheInputConvergesToFour(String kernel) {
        ModelSpec spec = ModelSpec.of(new int[] {1, 1}, List.of(Activation.LINEAR), LossKind.MSE);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(1, Gemm.create(kernel));
        float[] params = {5f, -10f}; // W, then b: y = 5x − 10
        float[] paramsBefore = params.clone();
        float[] target = {10f};
        float[] x = {0f};
        float[] unusedGrad = net.newGradient();
        float eta = 1e-3f;

        int iterations = 0;
        double loss = Double.NaN;
        while (iterations < 1000) {
            Sequential.clear(unusedGrad);
            loss = net.gradient(params, x, 0, target, 0, 1, unusedGrad, ws, true).lossSum();
            if (loss < 1e-6) {
                break;
            }
            float dLdx = ws.inputGradient()[0];
            if (iterations == 0) {
                // At x = 0: y = −10, dL/dy = y − t = −20, dL/dx = 5·(−20).
                assertThat(dLdx).isEqualTo(-100f);
                assertThat(loss).isEqualTo(200.0);
            }
            x[0] -= eta * dLdx;
            iterations++;
        }

        assertThat(loss).isLessThan(1e-6);
        assertThat(iterations).isLessThan(1000);
        // x_k = 4 − 4·0.975^k and loss = 12.5·(4 − x)², so loss < 1e-6 first holds at k = 378.
        assertThat(iterations).isBetween(370, 385);
        assertThat(Math.abs(x[0] - 4f)).isLessThan(1e-3f);
        assertThat(x[0]).isLessThan(4f).isCloseTo(3.9997f, within(5e-5f));
        assertThat(params).containsExactly(paramsBefore);
    }
}
