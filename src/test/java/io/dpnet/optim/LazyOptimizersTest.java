package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.nn.embed.SparseRowGradient;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Lazy (sparse-row) optimizers against the dense ones, bit for bit, and what "lazy" changes. */
class LazyOptimizersTest {
    private static final int ROWS = 30;
    private static final int DIM = 4;

    static Stream<IntFunction<Optimizer>> denseOptimizers() {
        return Stream.of(n -> new Sgd(n), n -> new Momentum(n, 0.9f, false), n -> new Momentum(n, 0.8f, true),
                n -> new Adam(n, 0.9f, 0.999f, 1e-8f), n -> new Adam(n, 0.5f, 0.9f, 1e-3f));
    }

    /** A sparse gradient holding the given rows of a dense {@code ROWS × DIM} gradient. */
    private static SparseRowGradient sparse(float[] dense, int[] rows) {
        SparseRowGradient g = new SparseRowGradient(DIM, 1);
        for (int id : rows) {
            g.appendRow(id, dense, id * DIM);
        }
        return g;
    }

    @ParameterizedTest
    @MethodSource("denseOptimizers")
    void everyRowTouchedEveryStepIsTheDenseRuleBitForBit(IntFunction<Optimizer> make) {
        Optimizer dense = make.apply(ROWS * DIM);
        SparseRowOptimizer lazy = SparseRowOptimizer.like(dense, ROWS, DIM);
        assertThat(lazy.name()).isEqualTo(dense.name());
        Random rnd = new Random(17);
        float[] a = gaussian(ROWS * DIM, rnd);
        float[] b = a.clone();
        int[] all = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            all[i] = i;
        }
        for (int step = 0; step < 8; step++) {
            float[] g = gaussian(ROWS * DIM, rnd);
            float lr = 0.05f / (step + 1);
            dense.step(a, g, lr);
            lazy.step(b, sparse(g, all), lr);
            assertThat(bits(b)).as("step %d", step).isEqualTo(bits(a));
        }
        assertThat(bits(lazy.state().slots().isEmpty() ? new float[0] : lazy.state().slots().get(0)))
                .isEqualTo(bits(dense.state().slots().isEmpty() ? new float[0] : dense.state().slots().get(0)));
    }

    @ParameterizedTest
    @MethodSource("denseOptimizers")
    void untouchedRowsKeepTheirValuesAndStateWhileTouchedRowsFollowTheDenseRule(IntFunction<Optimizer> make) {
        Optimizer dense = make.apply(ROWS * DIM);
        SparseRowOptimizer lazy = SparseRowOptimizer.like(dense, ROWS, DIM);
        Random rnd = new Random(5);
        float[] a = gaussian(ROWS * DIM, rnd);
        float[] b = a.clone();
        float[] g1 = gaussian(ROWS * DIM, rnd);
        int[] all = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            all[i] = i;
        }
        dense.step(a, g1, 0.1f);
        lazy.step(b, sparse(g1, all), 0.1f);
        // Step 2 touches rows 3 and 7 only; the dense rule sees zeros elsewhere.
        float[] g2 = new float[ROWS * DIM];
        float[] rows37 = gaussian(ROWS * DIM, rnd);
        for (int id : new int[] {3, 7}) {
            System.arraycopy(rows37, id * DIM, g2, id * DIM, DIM);
        }
        float[] beforeB = b.clone();
        List<float[]> stateBefore = lazy.state().slots();
        dense.step(a, g2, 0.1f);
        lazy.step(b, sparse(g2, new int[] {3, 7}), 0.1f);
        for (int id = 0; id < ROWS; id++) {
            for (int j = 0; j < DIM; j++) {
                int i = id * DIM + j;
                if (id == 3 || id == 7) {
                    assertThat(b[i]).as("touched row %d", id).isEqualTo(a[i]);
                } else {
                    assertThat(b[i]).as("untouched row %d", id).isEqualTo(beforeB[i]);
                    for (int s = 0; s < stateBefore.size(); s++) {
                        assertThat(lazy.state().slots().get(s)[i]).isEqualTo(stateBefore.get(s)[i]);
                    }
                }
            }
        }
        boolean coasts = !(dense instanceof Sgd);
        // Dense momentum and Adam keep moving rows with zero gradient; SGD does not, so it is lazy already.
        assertThat(a[0] != beforeB[0]).as("dense %s moves an untouched row", dense.name()).isEqualTo(coasts);
    }

    @Test
    void stateRestoresIntoAFreshOptimizerAndThenStepsIdentically() {
        LazyAdam one = new LazyAdam(ROWS, DIM, 0.9f, 0.99f, 1e-6f);
        Random rnd = new Random(9);
        float[] t1 = gaussian(ROWS * DIM, rnd);
        float[] g = gaussian(ROWS * DIM, rnd);
        one.step(t1, sparse(g, new int[] {1, 2, 29}), 0.01f);
        LazyAdam two = new LazyAdam(ROWS, DIM, 0.9f, 0.99f, 1e-6f);
        two.restore(one.state());
        float[] t2 = t1.clone();
        one.step(t1, sparse(g, new int[] {2, 5}), 0.01f);
        two.step(t2, sparse(g, new int[] {2, 5}), 0.01f);
        assertThat(bits(t2)).isEqualTo(bits(t1));
        assertThat(two.stepCount()).isEqualTo(2);
    }

    @Test
    void aGradientRowOutsideTheTableIsRefused() {
        SparseRowOptimizer sgd = new SparseSgd(ROWS, DIM);
        float[] g = new float[(ROWS + 5) * DIM];
        assertThatThrownBy(() -> sgd.step(new float[ROWS * DIM], sparse(g, new int[] {ROWS + 2}), 0.1f))
                .hasMessage("gradient rows 32..32 are outside the table's 30 rows");
        assertThatThrownBy(() -> sgd.step(new float[ROWS * DIM + 1], new SparseRowGradient(DIM), 0.1f))
                .hasMessage("sgd optimizer was built for a table of 30 × 4, got 121 floats");
    }

    private static float[] gaussian(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
