package io.dpnet.nn;

import static io.dpnet.nn.GradientChecks.KINK_MARGIN;
import static io.dpnet.nn.GradientChecks.TOL;
import static io.dpnet.nn.GradientChecks.gaussian;
import static io.dpnet.nn.GradientChecks.kinkDistance;
import static io.dpnet.nn.GradientChecks.kinkSigns;
import static io.dpnet.nn.GradientChecks.relativeError;
import static io.dpnet.nn.GradientChecks.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central finite differences (in double, on float parameters) against the analytic gradients of
 * {@link Sequential#gradient}, for every activation, both losses, both kernels, and dL/dX.
 */
class GradientCheckTest {
    static final List<Activation> ACTIVATIONS = List.of(Activation.LINEAR, Activation.RELU,
            Activation.leakyRelu(0.1f), Activation.SIGMOID, Activation.TANH, Activation.SOFTMAX);

    static Stream<Arguments> kernelsAndActivations() {
        return combine(ACTIVATIONS);
    }

    /** Softmax is only allowed as the output layer under cross-entropy (see ModelSpecTest). */
    static Stream<Arguments> kernelsAndHiddenActivations() {
        return combine(ACTIVATIONS.stream().filter(a -> a.kind() != Activation.Kind.SOFTMAX).toList());
    }

    private static Stream<Arguments> combine(List<Activation> activations) {
        List<Arguments> args = new ArrayList<>();
        for (String kernel : List.of("java", "ejml", "vector")) {
            for (Activation a : activations) {
                args.add(Arguments.of(kernel, a));
            }
        }
        return args.stream();
    }

    /** A loss evaluated through the library on a given parameter vector and input block. */
    private interface Problem {
        BatchStats run(float[] params, float[] x, float[] gradSum, boolean wantInputGradient);
    }

    private record Setup(Sequential net, Workspace ws, float[] params, float[] x, int rows, Problem problem) {
    }

    /**
     * Random parameters (biases too, so their gradients are exercised) and inputs in [-1, 1];
     * with {@code requireMargin}, seeds are tried in order until no relu pre-activation is within
     * {@link GradientChecks#KINK_MARGIN} of zero, so the check is deterministic and kink-free.
     */
    private static Setup setup(ModelSpec spec, String kernel, int rows, boolean regression, long seed,
                               boolean requireMargin) {
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(rows, Gemm.create(kernel));
        for (long s = seed; s < seed + 10_000; s++) {
            Random rnd = new Random(s);
            float[] params = gaussian(spec.paramCount(), 0.7, rnd);
            float[] x = uniform(rows * spec.inputSize(), rnd);
            Problem problem;
            if (regression) {
                float[] targets = uniform(rows * spec.outputSize(), rnd);
                problem = (p, in, g, want) -> net.gradient(p, in, 0, targets, 0, rows, g, ws, want);
            } else {
                int[] labels = new int[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = rnd.nextInt(spec.outputSize());
                }
                problem = (p, in, g, want) -> net.gradient(p, in, 0, labels, 0, rows, g, ws, want);
            }
            problem.run(params, x, net.newGradient(), false);
            if (!requireMargin || kinkDistance(ws, rows) > KINK_MARGIN) {
                return new Setup(net, ws, params, x, rows, problem);
            }
        }
        throw new AssertionError("no kink-free setup found");
    }

    /**
     * Result of a central difference: the derivative, or NaN if the perturbation moved a relu
     * pre-activation across zero (the derivative is undefined there).
     */
    private static double centralDifference(Setup s, float[] target, int i, boolean[] baseMask) {
        float[] scratch = s.net.newGradient();
        return GradientChecks.centralDifference(() -> s.problem.run(s.params, s.x, scratch, false).lossSum(),
                target, i, s.ws, s.rows, baseMask).orElse(Double.NaN);
    }

    /**
     * Checks the listed parameter and input indices (null = all). Returns the number of
     * coordinates checked. For exhaustive checks a kink crossing fails the test; for sampled
     * checks such coordinates are skipped and replaced.
     */
    private static int check(Setup s, int[] paramIdx, int[] inputIdx) {
        float[] grad = s.net.newGradient();
        s.problem.run(s.params, s.x, grad, true);
        float[] dx = Arrays.copyOf(s.ws.inputGradient(), s.rows * s.net.spec().inputSize());
        boolean[] baseMask = kinkSigns(s.ws, s.rows);

        // The input-gradient pass must not change the parameter gradient.
        float[] gradNoInput = s.net.newGradient();
        s.problem.run(s.params, s.x, gradNoInput, false);
        assertThat(gradNoInput).containsExactly(grad);

        int checked = 0;
        List<String> failures = new ArrayList<>();
        int[] pIdx = paramIdx != null ? paramIdx : range(s.params.length);
        int[] xIdx = inputIdx != null ? inputIdx : range(s.x.length);
        for (int i : pIdx) {
            double num = centralDifference(s, s.params, i, baseMask);
            if (Double.isNaN(num)) {
                if (paramIdx == null) {
                    fail("param " + i + " perturbation crossed a relu kink; choose a larger margin");
                }
                continue;
            }
            checked++;
            if (relativeError(grad[i], num) > TOL) {
                failures.add("param " + i + ": analytic " + grad[i] + " numeric " + num);
            }
        }
        for (int i : xIdx) {
            double num = centralDifference(s, s.x, i, baseMask);
            if (Double.isNaN(num)) {
                if (inputIdx == null) {
                    fail("input " + i + " perturbation crossed a relu kink; choose a larger margin");
                }
                continue;
            }
            checked++;
            if (relativeError(dx[i], num) > TOL) {
                failures.add("input " + i + ": analytic " + dx[i] + " numeric " + num);
            }
        }
        assertThat(failures).as("gradient mismatches").isEmpty();
        return checked;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static ModelSpec net(int[] sizes, List<Activation> acts, LossKind loss) {
        return ModelSpec.of(sizes, acts, loss);
    }

    /** 5-4-3-3 with the activation on every layer and MSE on one-hot labels: output-layer backward too. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndActivations")
    void everyActivationUnderMseWithLabels(String kernel, Activation act) {
        ModelSpec spec = net(new int[] {5, 4, 3, 3}, List.of(act, act, act), LossKind.MSE);
        Setup s = setup(spec, kernel, 4, false, 1, true);
        assertThat(check(s, null, null)).isEqualTo(spec.paramCount() + 4 * 5);
    }

    /** Same net with real-valued targets, through the regression overload. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndActivations")
    void everyActivationUnderMseRegression(String kernel, Activation act) {
        ModelSpec spec = net(new int[] {5, 4, 3, 3}, List.of(act, act, act), LossKind.MSE);
        Setup s = setup(spec, kernel, 3, true, 100, true);
        assertThat(check(s, null, null)).isEqualTo(spec.paramCount() + 3 * 5);
    }

    /** Hidden activations under the fused softmax-cross-entropy output. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndHiddenActivations")
    void everyHiddenActivationUnderCrossEntropy(String kernel, Activation act) {
        ModelSpec spec = net(new int[] {5, 4, 3, 3}, List.of(act, act, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        Setup s = setup(spec, kernel, 4, false, 200, true);
        assertThat(check(s, null, null)).isEqualTo(spec.paramCount() + 4 * 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml", "vector"})
    void singleDenseLayerBothLosses(String kernel) {
        ModelSpec ce = net(new int[] {6, 4}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        assertThat(check(setup(ce, kernel, 5, false, 300, false), null, null)).isEqualTo(28 + 30);
        ModelSpec mse = net(new int[] {6, 4}, List.of(Activation.LINEAR), LossKind.MSE);
        assertThat(check(setup(mse, kernel, 5, true, 301, false), null, null)).isEqualTo(28 + 30);
        // A single row, a single output: the vector special cases of the kernels.
        ModelSpec tiny = net(new int[] {3, 1}, List.of(Activation.TANH), LossKind.MSE);
        assertThat(check(setup(tiny, kernel, 1, true, 302, false), null, null)).isEqualTo(4 + 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml", "vector"})
    void mixedThreeLayerClassifier(String kernel) {
        ModelSpec spec = net(new int[] {5, 4, 3, 3}, List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        Setup s = setup(spec, kernel, 6, false, 400, true);
        assertThat(check(s, null, null)).isEqualTo(spec.paramCount() + 6 * 5);
    }

    /** A bigger relu net: sampled coordinates from every layer's weights and biases, and inputs. */
    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml", "vector"})
    void biggerNetSampled(String kernel) {
        ModelSpec spec = net(new int[] {30, 20, 16, 10},
                List.of(Activation.RELU, Activation.leakyRelu(0.05f), Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        Setup s = setup(spec, kernel, 8, false, 500, false);
        Random rnd = new Random(9);
        List<Integer> idx = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            for (int j = 0; j < 20; j++) {
                idx.add(spec.weightOffset(l) + rnd.nextInt(spec.layer(l).weightCount()));
            }
            for (int j = 0; j < 5; j++) {
                idx.add(spec.biasOffset(l) + rnd.nextInt(spec.layer(l).outputs()));
            }
        }
        int[] inputs = rnd.ints(20, 0, s.x.length).toArray();
        int checked = check(s, idx.stream().mapToInt(Integer::intValue).toArray(), inputs);
        // Coordinates whose perturbation crosses a kink are skipped: most must still be checked.
        assertThat(checked).isGreaterThanOrEqualTo((idx.size() + inputs.length) * 8 / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml", "vector"})
    void gradientAccumulatesIntoTheCallersBuffer(String kernel) {
        ModelSpec spec = net(new int[] {5, 4, 3}, List.of(Activation.TANH, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        Setup s = setup(spec, kernel, 4, false, 600, false);
        float[] once = s.net.newGradient();
        s.problem.run(s.params, s.x, once, false);
        float[] twice = s.net.newGradient();
        Arrays.fill(twice, 1f);
        s.problem.run(s.params, s.x, twice, false);
        s.problem.run(s.params, s.x, twice, false);
        for (int i = 0; i < once.length; i++) {
            assertThat(twice[i]).isCloseTo(1f + 2 * once[i], within(1e-5f));
        }
        assertThat(once).isNotEqualTo(new float[once.length]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml", "vector"})
    void partialBatchesSumToTheFullBatch(String kernel) {
        ModelSpec spec = net(new int[] {5, 4, 3}, List.of(Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(8, Gemm.create(kernel));
        Random rnd = new Random(11);
        float[] params = gaussian(spec.paramCount(), 0.7, rnd);
        float[] x = uniform(8 * 5, rnd);
        int[] labels = rnd.ints(8, 0, 3).toArray();
        float[] full = net.newGradient();
        BatchStats all = net.gradient(params, x, 0, labels, 0, 8, full, ws, false);
        float[] parts = net.newGradient();
        BatchStats a = net.gradient(params, x, 0, labels, 0, 3, parts, ws, false);
        BatchStats b = net.gradient(params, x, 3 * 5, labels, 3, 5, parts, ws, false);
        assertThat(a.lossSum() + b.lossSum()).isCloseTo(all.lossSum(), within(1e-5));
        assertThat(a.correct() + b.correct()).isEqualTo(all.correct());
        assertThat(a.rows() + b.rows()).isEqualTo(8);
        for (int i = 0; i < full.length; i++) {
            assertThat(parts[i]).isCloseTo(full[i], within(1e-5f));
        }
    }
}
