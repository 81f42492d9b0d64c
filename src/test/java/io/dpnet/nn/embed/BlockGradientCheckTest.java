package io.dpnet.nn.embed;

import static io.dpnet.nn.embed.BlockFixture.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.WeightedCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central finite differences (double, on the float arrays) against the analytic gradient of a
 * whole block network: every coordinate of every touched embedding row, every numeric input,
 * and a sample of dense parameters — with repeated ids within and across rows, an empty bag,
 * an all-padding bag, padding ids among tokens, unknown-id mapping, both poolings and the
 * three losses (weighted MSE, Huber, weighted cross-entropy).
 */
class BlockGradientCheckTest {
    private static final double EPS = 1e-2;
    private static final double TOL = 1e-2;
    private static final int ROWS = 6;

    static InputBlockSpec spec(Pooling pooling) {
        return new InputBlockSpec(2,
                List.of(new CategoricalInput("user", 7, 3, OovPolicy.ERROR),
                        new CategoricalInput("country", 4, 2, OovPolicy.UNKNOWN_ID)),
                new TokenBagInput("tokens", 9, 3, pooling, 0, OovPolicy.ERROR));
    }

    static InputRows rows(InputBlockSpec spec) {
        float[] numeric = {0.5f, -1f, 0.25f, 0.75f, -0.5f, 0.1f, 1f, -0.3f, 0.2f, 0.9f, -0.8f, 0.4f};
        int[] user = {1, 3, 1, 6, 0, 3};
        int[] country = {0, 2, 9, -1, 3, 2};
        // [3,5,3,5] (the notebook), empty, all padding, padding among repeats, one token, six tokens.
        int[] offsets = {0, 4, 4, 6, 11, 12, 18};
        int[] ids = {3, 5, 3, 5, /* empty */ 0, 0, 7, 0, 2, 7, 7, 8, 1, 2, 3, 4, 5, 6};
        return InputRows.builder(spec, ROWS).numeric(numeric).categorical(user, country).bags(offsets, ids).build();
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (Pooling p : Pooling.values()) {
            args.add(Arguments.of(p, "mse"));
            args.add(Arguments.of(p, "huber"));
            args.add(Arguments.of(p, "cross_entropy"));
        }
        return args.stream();
    }

    private static BlockFixture fixture(Pooling pooling, String loss) {
        InputBlockSpec spec = spec(pooling);
        InputRows rows = rows(spec);
        BatchLoss l = switch (loss) {
            case "mse" -> BlockFixture.regression(RegressionLoss.mse(), ROWS, 2, 7);
            case "huber" -> BlockFixture.regression(RegressionLoss.huber(0.3f), ROWS, 2, 7);
            default -> new WeightedCrossEntropy(new float[] {1f, 2.5f, 0.5f})
                    .on(new int[] {0, 1, 2, 1, 0, 2}, new float[] {1f, 0.5f, 2f, 1f, 1.5f, 1f});
        };
        return new BlockFixture(spec, rows, loss.equals("cross_entropy") ? 3 : 2, loss.equals("cross_entropy"), l, 11);
    }

    @ParameterizedTest(name = "{0} pooling, {1}")
    @MethodSource("cases")
    void embeddingRowGradientsMatchFiniteDifferences(Pooling pooling, String loss) {
        BlockFixture f = fixture(pooling, loss);
        BlockGradient g = f.gradient();
        // Exactly the rows the batch used: country's 9 and -1 map to the unknown row 4; padding 0 is never a row.
        assertThat(g.table(0).ids()).containsExactly(0, 1, 3, 6);
        assertThat(g.table(1).ids()).containsExactly(0, 2, 3, 4);
        assertThat(g.table(2).ids()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        int checked = 0;
        for (int t = 0; t < 3; t++) {
            SparseRowGradient sg = g.table(t);
            float[] table = f.params.tables().table(t);
            int dim = sg.dim();
            for (int i = 0; i < sg.count(); i++) {
                for (int j = 0; j < dim; j++) {
                    double analytic = sg.values()[i * dim + j];
                    double numeric = f.numeric(table, sg.id(i) * dim + j, EPS);
                    assertThat(relativeError(analytic, numeric))
                            .as("table %s row %d coord %d: analytic %s numeric %s", t, sg.id(i), j, analytic, numeric)
                            .isLessThan(TOL);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 3 + 4 * 2 + 8 * 3);
    }

    @ParameterizedTest(name = "{0} pooling, {1}")
    @MethodSource("cases")
    void untouchedRowsDoNotChangeTheLoss(Pooling pooling, String loss) {
        BlockFixture f = fixture(pooling, loss);
        int[][] untouched = {{2, 4, 5}, {1}, {0}};
        for (int t = 0; t < 3; t++) {
            int dim = f.rows.spec().dim(t);
            for (int id : untouched[t]) {
                assertThat(f.numeric(f.params.tables().table(t), id * dim, EPS)).as("table %s row %s", t, id)
                        .isEqualTo(0.0);
            }
        }
    }

    @ParameterizedTest(name = "{0} pooling, {1}")
    @MethodSource("cases")
    void numericInputAndDenseGradientsMatchFiniteDifferences(Pooling pooling, String loss) {
        BlockFixture f = fixture(pooling, loss);
        BlockGradient g = f.gradient();
        int width = f.rows.spec().width();
        float[] dx = f.ws.dense().inputGradient().clone();
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < 2; k++) {
                double numeric = f.numeric(f.rows.numeric(), r * 2 + k, EPS);
                assertThat(relativeError(dx[r * width + k], numeric)).as("row %d numeric %d", r, k).isLessThan(TOL);
            }
        }
        float[] p = f.params.dense();
        for (int i = 0; i < p.length; i += 3) {
            double numeric = f.numeric(p, i, EPS);
            assertThat(relativeError(g.dense()[i], numeric)).as("dense param %d", i).isLessThan(TOL);
        }
    }
}
