package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizersTest {
    private static final float TOL = 1e-6f;

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void sgdIsPlainGradientDescent() {
        Optimizer opt = new Sgd(3);
        float[] w = {1f, -2f, 0.5f};
        float[] g = {0.5f, -1f, 2f};
        float[] gCopy = g.clone();
        opt.step(w, g, 0.1f);
        // w - 0.1·g
        assertClose(w, 0.95, -1.9, 0.3);
        assertThat(g).containsExactly(gCopy);
        opt.step(w, new float[] {-1f, 0f, 0.25f}, 0.5f);
        assertClose(w, 1.45, -1.9, 0.175);
        assertThat(opt.name()).isEqualTo("sgd");
        assertThat(opt.state().step()).isEqualTo(2);
        assertThat(opt.state().slots()).isEmpty();
    }

    @Test
    void momentumAccumulatesVelocity() {
        Momentum opt = new Momentum(2, 0.9f, false);
        float[] w = {1f, -1f};
        float[] g1 = {1f, 2f};
        opt.step(w, g1, 0.1f);
        // v = [1, 2]; w = [1 - 0.1, -1 - 0.2]
        assertClose(w, 0.9, -1.2);
        assertThat(g1).containsExactly(1f, 2f);
        opt.step(w, new float[] {0.5f, -1f}, 0.1f);
        // v = 0.9·[1, 2] + [0.5, -1] = [1.4, 0.8]; w = [0.9 - 0.14, -1.2 - 0.08]
        assertClose(w, 0.76, -1.28);
        opt.step(w, new float[] {0f, 0f}, 0.1f);
        // v = [1.26, 0.72] keeps moving w with a zero gradient
        assertClose(w, 0.634, -1.352);
        assertClose(opt.state().slots().get(0), 1.26, 0.72);
    }

    @Test
    void nesterovLooksAhead() {
        Momentum opt = new Momentum(2, 0.9f, true);
        float[] w = {1f, -1f};
        opt.step(w, new float[] {1f, 2f}, 0.1f);
        // v = [1, 2]; w -= 0.1·(g + 0.9·v) = 0.1·[1.9, 3.8]
        assertClose(w, 0.81, -1.38);
        opt.step(w, new float[] {0.5f, -1f}, 0.1f);
        // v = [1.4, 0.8]; w -= 0.1·([0.5, -1] + 0.9·[1.4, 0.8]) = 0.1·[1.76, -0.28]
        assertClose(w, 0.634, -1.352);
        assertClose(opt.state().slots().get(0), 1.4, 0.8);
    }

    @Test
    void nesterovAndPlainMomentumDifferOnlyByTheLookAheadTerm() {
        float mu = 0.9f;
        float lr = 0.05f;
        Momentum plain = new Momentum(4, mu, false);
        Momentum nesterov = new Momentum(4, mu, true);
        float[] wp = {1f, 2f, 3f, 4f};
        float[] wn = wp.clone();
        Random rnd = new Random(7);
        for (int s = 0; s < 3; s++) {
            float[] g = new float[4];
            for (int i = 0; i < 4; i++) {
                g[i] = (float) rnd.nextGaussian();
            }
            float[] before = wn.clone();
            plain.step(wp, g, lr);
            nesterov.step(wn, g, lr);
            float[] v = nesterov.state().slots().get(0);
            for (int i = 0; i < 4; i++) {
                assertThat(wn[i]).isCloseTo(before[i] - lr * (g[i] + mu * v[i]), within(TOL));
            }
            // Same velocity either way: the look-ahead only changes how it is applied.
            assertThat(nesterov.state().slots().get(0)).containsExactly(plain.state().slots().get(0));
        }
        assertThat(wn).isNotEqualTo(wp);
    }

    @Test
    void zeroMomentumIsSgd() {
        Optimizer m = new Momentum(3, 0f, false);
        Optimizer s = new Sgd(3);
        float[] a = {1f, 2f, 3f};
        float[] b = a.clone();
        for (int i = 0; i < 3; i++) {
            float[] g = {0.1f * i, -0.3f, 1f};
            m.step(a, g, 0.2f);
            s.step(b, g, 0.2f);
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void adamMatchesHandComputedSteps() {
        Adam opt = new Adam(4, 0.9f, 0.999f, 1e-8f);
        float[] w = {1f, -1f, 0f, 2f};
        float[] g1 = {0.5f, -2f, 0f, 1e-3f};
        opt.step(w, g1, 0.1f);
        // t=1: m̂ = g, v̂ = g², so each update is 0.1·g/(|g| + 1e-8) (and 0 for g = 0).
        assertClose(w, 0.9, -0.9, 0.0, 1.900001);
        assertThat(g1).containsExactly(0.5f, -2f, 0f, 1e-3f);
        assertClose(opt.state().slots().get(0), 0.05, -0.2, 0.0, 1e-4);
        opt.step(w, new float[] {0.5f, 1f, 0.25f, -1e-3f}, 0.1f);
        // t=2, element 1: m = 0.9·(-0.2) + 0.1·1 = -0.08, v = 0.999·0.004 + 0.001·1 = 0.004996,
        // m̂ = -0.08/0.19 = -0.42105, v̂ = 0.004996/0.001999 = 2.49925, Δ = 0.1·0.42105/1.58090
        assertClose(w, 0.8000000040000006, -0.8733662967024315, -0.0744136781482774, 1.9052641052536843);
        opt.step(w, new float[] {-1f, 0.5f, 0.25f, 0f}, 0.1f);
        assertClose(w, 0.8075649369687123, -0.8672274104696712, -0.16025992952028562, 1.909332491720764);
        OptimizerState st = opt.state();
        assertThat(st.name()).isEqualTo("adam");
        assertThat(st.step()).isEqualTo(3);
        assertThat(st.slots()).hasSize(2);
        assertClose(st.slots().get(0), -0.0145, -0.022, 0.0475, -9e-6);
        assertClose(st.slots().get(1), 0.00149925025, 0.005241004, 1.249375e-4, 1.997001e-9);
    }

    @Test
    void adamFirstStepMovesEveryCoordinateByTheLearningRate() {
        int n = 1000;
        Adam opt = new Adam(n, 0.9f, 0.999f, 1e-8f);
        Random rnd = new Random(42);
        float[] w = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
            // Magnitudes from 1e-3 to 1e3: Adam's first step ignores them.
            g[i] = (float) (Math.pow(10, -3 + 6 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1));
        }
        float[] before = w.clone();
        float lr = 0.01f;
        opt.step(w, g, lr);
        for (int i = 0; i < n; i++) {
            float delta = w[i] - before[i];
            assertThat(delta).as("coordinate %d", i).isCloseTo(-lr * Math.signum(g[i]), within(1e-4f * lr + 1e-6f));
        }
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(OptimizerSpec.sgd(0.1)),
                Arguments.of(OptimizerSpec.momentum(0.05, 0.9)),
                Arguments.of(OptimizerSpec.builder(OptimizerSpec.Kind.MOMENTUM).learningRate(0.05).nesterov(true).build()),
                Arguments.of(OptimizerSpec.adam(0.01)));
    }

    private static float[][] gradients(int steps, int n, long seed) {
        Random rnd = new Random(seed);
        float[][] gs = new float[steps][n];
        for (float[] g : gs) {
            for (int i = 0; i < n; i++) {
                g[i] = (float) rnd.nextGaussian();
            }
        }
        return gs;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void stateRoundTripContinuesLikeAnUninterruptedRun(OptimizerSpec spec) {
        int n = 37;
        float[][] gs = gradients(10, n, 3);
        float lr = (float) spec.learningRate();

        Optimizer uninterrupted = spec.create(n);
        float[] w = new float[n];
        Optimizer first = spec.create(n);
        float[] w2 = new float[n];
        for (int s = 0; s < 5; s++) {
            uninterrupted.step(w, gs[s], lr);
            first.step(w2, gs[s], lr);
        }
        OptimizerState snapshot = first.state();
        // The snapshot is a deep copy: the optimizer moving on must not change it.
        first.step(w2.clone(), gs[9], lr);
        OptimizerState again = first.state();
        if (!snapshot.slots().isEmpty()) {
            assertThat(again.slots().get(0)).isNotEqualTo(snapshot.slots().get(0));
        }
        assertThat(again.step()).isEqualTo(snapshot.step() + 1);

        Optimizer resumed = spec.create(n);
        resumed.restore(snapshot);
        assertThat(resumed.state().step()).isEqualTo(5);
        for (int s = 5; s < 10; s++) {
            uninterrupted.step(w, gs[s], lr);
            resumed.step(w2, gs[s], lr);
        }
        assertThat(w2).containsExactly(w);
        OptimizerState a = uninterrupted.state();
        OptimizerState b = resumed.state();
        assertThat(b.step()).isEqualTo(a.step()).isEqualTo(10);
        for (int i = 0; i < a.slots().size(); i++) {
            assertThat(b.slots().get(i)).containsExactly(a.slots().get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void restoreCopiesTheSnapshot(OptimizerSpec spec) {
        Optimizer opt = spec.create(4);
        opt.step(new float[4], new float[] {1f, 2f, 3f, 4f}, 0.1f);
        OptimizerState snapshot = opt.state();
        Optimizer other = spec.create(4);
        other.restore(snapshot);
        for (float[] slot : snapshot.slots()) {
            java.util.Arrays.fill(slot, 99f);
        }
        for (float[] slot : other.state().slots()) {
            assertThat(slot).doesNotContain(99f);
        }
    }

    @Test
    void restoreRejectsAnotherKindOrSize() {
        OptimizerState adamState = new Adam(5, 0.9f, 0.999f, 1e-8f).state();
        assertThatThrownBy(() -> new Momentum(5, 0.9f, false).restore(adamState))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot restore adam optimizer state into a momentum optimizer");
        assertThatThrownBy(() -> new Adam(6, 0.9f, 0.999f, 1e-8f).restore(adamState))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam optimizer state slot 0 has 5 values, this optimizer has 6 parameters");
        OptimizerState oneSlot = new OptimizerState("adam", 3, List.of(new float[5]));
        assertThatThrownBy(() -> new Adam(5, 0.9f, 0.999f, 1e-8f).restore(oneSlot))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam optimizer state needs 2 slot(s), the snapshot has 1");
        assertThatThrownBy(() -> new Sgd(5).restore(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot restore a null optimizer state");
        assertThatThrownBy(() -> new OptimizerState("sgd", -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer step must be non-negative, got -1");
    }

    @Test
    void stepRejectsWrongSizes() {
        Optimizer opt = new Adam(3, 0.9f, 0.999f, 1e-8f);
        assertThatThrownBy(() -> opt.step(new float[4], new float[3], 0.1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam optimizer was built for 3 parameters, got a parameter vector of 4");
        assertThatThrownBy(() -> opt.step(new float[3], new float[2], 0.1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam optimizer was built for 3 parameters, got a gradient of 2");
        assertThatThrownBy(() -> opt.step(new float[3], new float[3], Float.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("learningRate must be a non-negative finite number, got NaN");
        assertThatThrownBy(() -> new Sgd(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("paramCount must be positive, got 0");
        // A rejected step must not count.
        assertThat(opt.state().step()).isZero();
    }
}
