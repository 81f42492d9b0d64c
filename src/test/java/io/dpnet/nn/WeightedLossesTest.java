package io.dpnet.nn;

import static io.dpnet.nn.GradientChecks.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weighted MSE, Huber and weighted cross-entropy through a dense stack: finite differences of
 * the parameter and input gradients, the weight totals, agreement with the unweighted losses,
 * and the exact errors for bad weights.
 */
class WeightedLossesTest {
    private static final int ROWS = 7;
    private static final double EPS = 1e-2;
    private static final double TOL = 1e-2;
    private static final float DELTA = 0.5f;

    private record Net(Sequential net, Workspace ws, float[] params, float[] x) {
        LossSum lossAt(BatchLoss loss) {
            net.forward(params, x, 0, ROWS, ws);
            return loss.apply(ws, 0, ROWS);
        }

        /** Adds the parameter gradient to gradSum and returns dL/dX. */
        float[] gradient(BatchLoss loss, float[] gradSum) {
            lossAt(loss);
            net.backward(new BackwardPass(params, x, 0, ROWS, gradSum, true), ws);
            return Arrays.copyOf(ws.inputGradient(), ROWS * net.spec().inputSize());
        }
    }

    private static Net net(int outputs, boolean classifier, long seed) {
        ModelSpec spec = ModelSpec.of(new int[] {4, 6, outputs},
                List.of(Activation.TANH, classifier ? Activation.SOFTMAX : Activation.LINEAR),
                classifier ? LossKind.CROSS_ENTROPY : LossKind.MSE);
        Random rnd = new Random(seed);
        Sequential net = new Sequential(spec);
        return new Net(net, net.workspace(ROWS, Gemm.create("java")), GradientChecks.gaussian(spec.paramCount(), 0.8, rnd),
                GradientChecks.uniform(ROWS * 4, rnd));
    }

    /** Weights in [0.2, 2.2), row 3 zero (it drops out of loss and gradient). */
    private static float[] weights(Random rnd) {
        float[] w = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            w[r] = (float) (0.2 + 2 * rnd.nextDouble());
        }
        w[3] = 0f;
        return w;
    }

    private static int[] labels(Random rnd) {
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = rnd.nextInt(3);
        }
        return labels;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "huber", "cross_entropy"})
    void parameterAndInputGradientsMatchFiniteDifferences(String kind) {
        boolean ce = kind.equals("cross_entropy");
        Net n = net(ce ? 3 : 2, ce, 21);
        Random rnd = new Random(4);
        float[] w = weights(rnd);
        float[] targets = GradientChecks.gaussian(ROWS * 2, 1.5, rnd);
        BatchLoss loss = switch (kind) {
            case "mse" -> RegressionLoss.mse().on(new RegressionTargets(targets, 2, w));
            case "huber" -> RegressionLoss.huber(DELTA).on(new RegressionTargets(targets, 2, w));
            default -> new WeightedCrossEntropy(new float[] {0.5f, 3f, 1.25f}).on(labels(rnd), w);
        };
        float[] grad = new float[n.params.length];
        float[] dx = n.gradient(loss, grad);
        if (kind.equals("huber")) {
            n.lossAt(loss);
            long outside = 0;
            for (int i = 0; i < ROWS * 2; i++) {
                outside += Math.abs(n.ws.output()[i] - targets[i]) > DELTA ? 1 : 0;
            }
            assertThat(outside).as("residuals beyond delta: both regimes are exercised").isBetween(1L, ROWS * 2L - 1);
        }
        for (int i = 0; i < n.params.length; i++) {
            double num = numeric(n, loss, n.params, i);
            assertThat(relativeError(grad[i], num)).as("param %d: %s vs %s", i, grad[i], num).isLessThan(TOL);
        }
        for (int i = 0; i < n.x.length; i++) {
            double num = numeric(n, loss, n.x, i);
            assertThat(relativeError(dx[i], num)).as("input %d: %s vs %s", i, dx[i], num).isLessThan(TOL);
        }
        for (int j = 0; j < 4; j++) {
            assertThat(dx[3 * 4 + j]).as("zero-weight row").isZero();
        }
        if (!ce) {
            double total = 0;
            for (float v : w) {
                total += v;
            }
            assertThat(n.lossAt(loss).weight()).isCloseTo(total, within(1e-6));
        }
    }

    @Test
    void withoutWeightsTheLossesAreTheExistingUnweightedOnesBitForBit() {
        Net reg = net(2, false, 5);
        Random rnd = new Random(6);
        float[] targets = GradientChecks.gaussian(ROWS * 2, 1, rnd);
        float[] expected = new float[reg.params.length];
        BatchStats stats = reg.net.gradient(reg.params, reg.x, 0, targets, 0, ROWS, expected, reg.ws, false);
        float[] actual = new float[reg.params.length];
        reg.gradient(RegressionLoss.mse().on(new RegressionTargets(targets, 2, null)), actual);
        assertThat(actual).containsExactly(expected);
        assertThat(reg.lossAt(RegressionLoss.mse().on(new RegressionTargets(targets, 2, null))))
                .isEqualTo(new LossSum(stats.lossSum(), ROWS));

        Net cls = net(3, true, 7);
        int[] labels = labels(rnd);
        float[] expectedCe = new float[cls.params.length];
        BatchStats ce = cls.net.gradient(cls.params, cls.x, 0, labels, 0, ROWS, expectedCe, cls.ws, false);
        float[] actualCe = new float[cls.params.length];
        cls.gradient(new WeightedCrossEntropy(null).on(labels, null), actualCe);
        assertThat(actualCe).containsExactly(expectedCe);
        assertThat(cls.lossAt(new WeightedCrossEntropy(null).on(labels, null))).isEqualTo(new LossSum(ce.lossSum(), ROWS));
    }

    @Test
    void aClassWeightOfTwoIsTheSameAsSeeingThatClassTwice() {
        Net n = net(3, true, 8);
        int[] labels = {0, 1, 2, 1, 0, 2, 1};
        // Duplicated: every class-1 row twice, in a workspace big enough for the longer batch.
        int[] dupLabels = {0, 1, 1, 2, 1, 1, 0, 2, 1, 1};
        float[] dupX = new float[10 * 4];
        int d = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int copy = 0; copy < (labels[r] == 1 ? 2 : 1); copy++) {
                System.arraycopy(n.x, r * 4, dupX, d++ * 4, 4);
            }
        }
        float[] weighted = new float[n.params.length];
        n.gradient(new WeightedCrossEntropy(new float[] {1f, 2f, 1f}).on(labels, null), weighted);
        LossSum w = n.lossAt(new WeightedCrossEntropy(new float[] {1f, 2f, 1f}).on(labels, null));

        Workspace big = n.net.workspace(10, Gemm.create("java"));
        float[] duplicated = new float[n.params.length];
        BatchStats dup = n.net.gradient(n.params, dupX, 0, dupLabels, 0, 10, duplicated, big, false);

        assertThat(w.weight()).isEqualTo(10.0);
        assertThat(w.loss()).isCloseTo(dup.lossSum(), within(1e-5));
        for (int i = 0; i < weighted.length; i++) {
            assertThat(weighted[i]).as("param %d", i).isCloseTo(duplicated[i], within(1e-5f));
        }
    }

    @Test
    void badWeightsAndMismatchedModelsAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> new RegressionTargets(new float[4], 2, new float[] {1f, -0.5f}))
                .hasMessage("sample weight of row 1 is -0.5, expected a finite number >= 0");
        assertThatThrownBy(() -> new RegressionTargets(new float[4], 2, new float[] {1f, 1f, 1f}))
                .hasMessage("expected one sample weight per row (2 rows), got 3 weights");
        assertThatThrownBy(() -> new RegressionTargets(new float[5], 2, null))
                .hasMessage("5 target values are not a whole number of rows of 2");
        assertThatThrownBy(() -> new WeightedCrossEntropy(null).on(new int[3], new float[] {1f, Float.NaN, 1f}))
                .hasMessage("sample weight of row 1 is NaN, expected a finite number >= 0");
        assertThatThrownBy(() -> new WeightedCrossEntropy(new float[] {1f, Float.POSITIVE_INFINITY}))
                .hasMessage("class weight of class 1 is Infinity, expected a finite number >= 0");
        assertThatThrownBy(() -> RegressionLoss.huber(0f)).hasMessage("huber delta must be a positive finite number, got 0.0");

        Net cls = net(3, true, 1);
        BatchLoss regression = RegressionLoss.mse().on(new RegressionTargets(new float[ROWS * 3], 3, null));
        assertThatThrownBy(() -> cls.lossAt(regression))
                .hasMessage("regression losses need a linear output layer, the model's last layer is softmax");
        assertThatThrownBy(() -> cls.lossAt(new WeightedCrossEntropy(new float[] {1f, 1f}).on(new int[ROWS], null)))
                .hasMessage("2 class weights for a model with 3 classes");
        int[] bad = new int[ROWS];
        bad[5] = 3;
        assertThatThrownBy(() -> cls.lossAt(new WeightedCrossEntropy(null).on(bad, null)))
                .hasMessage("label 3 of row 5 is outside 0..2");
    }

    private static double numeric(Net n, BatchLoss loss, float[] v, int i) {
        float orig = v[i];
        float plus = (float) (orig + EPS);
        float minus = (float) (orig - EPS);
        v[i] = plus;
        double lp = n.lossAt(loss).loss();
        v[i] = minus;
        double lm = n.lossAt(loss).loss();
        v[i] = orig;
        return (lp - lm) / ((double) plus - (double) minus);
    }
}
