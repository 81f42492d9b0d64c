package io.dpnet.nn;

import static io.dpnet.nn.GradientChecks.KINK_MARGIN;
import static io.dpnet.nn.GradientChecks.TOL;
import static io.dpnet.nn.GradientChecks.gaussian;
import static io.dpnet.nn.GradientChecks.kinkDistance;
import static io.dpnet.nn.GradientChecks.kinkSigns;
import static io.dpnet.nn.GradientChecks.relativeError;
import static io.dpnet.nn.GradientChecks.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inverted dropout: exact gradients under a fixed mask, masks that depend only on
 * (seed, step, sample id, layer, unit) — so split and reordered batches give the same gradient
 * sum — the drop rate and expected value, inference without dropping, and config validation.
 */
class DropoutTest {
    private static final ModelSpec MNIST = ModelSpec.of(new int[] {784, 256, 256, 10},
            List.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);

    private static ModelSpec spec(int[] sizes, List<Activation> acts, LossKind loss) {
        return ModelSpec.of(sizes, acts, loss);
    }

    private static int zeros(float[] v, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (v[i] == 0f) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- gradient check

    /** A classification batch with a FIXED dropout context: the loss is a deterministic function. */
    private record Problem(Sequential net, Workspace ws, float[] params, float[] x, int[] labels, int rows,
                           Dropout.Context ctx) {
        double loss(float[] gradSum, boolean wantInputGradient) {
            return net.gradient(params, x, 0, labels, 0, rows, gradSum, ws, wantInputGradient, ctx).lossSum();
        }
    }

    static Stream<Arguments> gradientCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernel : List.of("java", "ejml")) {
            cases.add(Arguments.of(kernel, "tanh,sigmoid,softmax / cross_entropy",
                    spec(new int[] {5, 6, 5, 3}, List.of(Activation.TANH, Activation.SIGMOID, Activation.SOFTMAX),
                            LossKind.CROSS_ENTROPY), new float[] {0.5f, 0.3f, 0f}));
            cases.add(Arguments.of(kernel, "relu,leaky_relu,softmax / cross_entropy",
                    spec(new int[] {5, 6, 5, 3},
                            List.of(Activation.RELU, Activation.leakyRelu(0.1f), Activation.SOFTMAX),
                            LossKind.CROSS_ENTROPY), new float[] {0.4f, 0.6f, 0f}));
            cases.add(Arguments.of(kernel, "sigmoid,tanh,linear / mse, first layer only",
                    spec(new int[] {5, 6, 5, 3}, List.of(Activation.SIGMOID, Activation.TANH, Activation.LINEAR),
                            LossKind.MSE), new float[] {0.5f, 0f, 0f}));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("gradientCases")
    void finiteDifferencesMatchTheGradientUnderAFixedMask(String kernel, String label, ModelSpec spec,
                                                          float[] rates) {
        Problem p = problem(spec, Dropout.of(spec, rates), kernel, 5);
        // The mask must really drop some units and keep others, or this checks nothing new.
        for (int l = 0; l < spec.layerCount(); l++) {
            if (rates[l] > 0f) {
                int total = p.rows * spec.layer(l).outputs();
                assertThat(zeros(p.ws.dropMask(l), total)).as("dropped units of layer %d", l).isBetween(1, total - 1);
            }
        }
        float[] grad = p.net.newGradient();
        p.loss(grad, true);
        float[] dx = Arrays.copyOf(p.ws.inputGradient(), p.rows * spec.inputSize());
        boolean[] kinks = kinkSigns(p.ws, p.rows);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < p.params.length; i++) {
            compare("param " + i, grad[i], centralDifference(p, p.params, i, kinks), failures);
        }
        for (int i = 0; i < p.x.length; i++) {
            compare("input " + i, dx[i], centralDifference(p, p.x, i, kinks), failures);
        }
        assertThat(failures).as("gradient mismatches").isEmpty();

        // The same pass without dropout is a different function: the mask mattered.
        float[] plain = p.net.newGradient();
        p.net.gradient(p.params, p.x, 0, p.labels, 0, p.rows, plain, p.ws, false);
        assertThat(plain).isNotEqualTo(grad);
    }

    /** Random weights, inputs and labels; for kinked activations, seeds are tried until no pre-activation is near 0. */
    private static Problem problem(ModelSpec spec, Dropout dropout, String kernel, int rows) {
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(rows, Gemm.create(kernel));
        long[] ids = {17, 3, 1_000_000_007L, 42, 8};
        Dropout.Context ctx = new Dropout.Context(dropout, 99, 12_345, ids, 0);
        for (long seed = 1; seed < 10_000; seed++) {
            Random rnd = new Random(seed);
            float[] params = gaussian(spec.paramCount(), 0.7, rnd);
            float[] x = uniform(rows * spec.inputSize(), rnd);
            int[] labels = rnd.ints(rows, 0, spec.outputSize()).toArray();
            Problem p = new Problem(net, ws, params, x, labels, rows, ctx);
            p.loss(net.newGradient(), false);
            if (kinkDistance(p.ws, p.rows) > KINK_MARGIN) {
                return p;
            }
        }
        throw new AssertionError("no kink-free setup found");
    }

    /** The loss's derivative along target[i]; a relu kink crossing fails the test (the margin is too small). */
    private static double centralDifference(Problem p, float[] target, int i, boolean[] kinks) {
        float[] scratch = p.net.newGradient();
        OptionalDouble d = GradientChecks.centralDifference(() -> p.loss(scratch, false), target, i, p.ws, p.rows,
                kinks);
        assertThat(d).as("perturbing coordinate %d crossed a relu kink; raise KINK_MARGIN", i).isPresent();
        return d.getAsDouble();
    }

    private static void compare(String what, double analytic, double numeric, List<String> failures) {
        if (relativeError(analytic, numeric) > TOL) {
            failures.add(what + ": analytic " + analytic + " numeric " + numeric);
        }
    }

    // ---------------------------------------------------------------- partition independence

    private static final ModelSpec SMALL = spec(new int[] {6, 9, 7, 4},
            List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
    private static final Dropout SMALL_DROPOUT = Dropout.parse(SMALL, "0.3,0.5");

    /** A 20-row batch whose rows are global samples with scattered ids. */
    private record Batch(float[] params, float[] x, int[] labels, long[] ids) {
        static Batch random(long seed) {
            Random rnd = new Random(seed);
            float[] params = gaussian(SMALL.paramCount(), 0.6, rnd);
            float[] x = uniform(20 * SMALL.inputSize(), rnd);
            int[] labels = rnd.ints(20, 0, SMALL.outputSize()).toArray();
            long[] ids = rnd.longs(20, 0, 60_000).toArray();
            return new Batch(params, x, labels, ids);
        }

        /** Row {@code r} of the result is row {@code perm[r]} of this batch, id included. */
        Batch permuted(int[] perm) {
            int f = SMALL.inputSize();
            float[] px = new float[x.length];
            int[] pl = new int[labels.length];
            long[] pi = new long[ids.length];
            for (int r = 0; r < perm.length; r++) {
                System.arraycopy(x, perm[r] * f, px, r * f, f);
                pl[r] = labels[perm[r]];
                pi[r] = ids[perm[r]];
            }
            return new Batch(params, px, pl, pi);
        }
    }

    private static BatchStats gradient(Batch b, int from, int to, long step, float[] grad, Workspace ws) {
        Sequential net = new Sequential(SMALL);
        Dropout.Context ctx = new Dropout.Context(SMALL_DROPOUT, 2024, step, b.ids, from);
        return net.gradient(b.params, b.x, from * SMALL.inputSize(), b.labels, from, to - from, grad, ws, false, ctx);
    }

    private static void assertSameGradient(float[] actual, float[] expected) {
        float scale = 0f;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).isGreaterThan(0f);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("gradient[%d]", i).isCloseTo(expected[i], within(1e-5f * scale));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void splittingTheBatchGivesTheSameGradientSum(String kernel) {
        Batch b = Batch.random(5);
        float[] whole = new float[SMALL.paramCount()];
        BatchStats all = gradient(b, 0, 20, 77, whole, new Workspace(SMALL, 20, Gemm.create(kernel)));
        // The second "partition" has its own, smaller workspace, as an executor would.
        float[] parts = new float[SMALL.paramCount()];
        BatchStats first = gradient(b, 0, 12, 77, parts, new Workspace(SMALL, 20, Gemm.create(kernel)));
        BatchStats second = gradient(b, 12, 20, 77, parts, new Workspace(SMALL, 8, Gemm.create(kernel)));
        assertSameGradient(parts, whole);
        assertThat(first.lossSum() + second.lossSum()).isCloseTo(all.lossSum(), within(1e-5 * all.lossSum()));
        assertThat(first.correct() + second.correct()).isEqualTo(all.correct());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void permutingRowsWithTheirIdsGivesTheSameGradientSum(String kernel) {
        Batch b = Batch.random(6);
        Workspace ws = new Workspace(SMALL, 20, Gemm.create(kernel));
        float[] original = new float[SMALL.paramCount()];
        BatchStats o = gradient(b, 0, 20, 78, original, ws);
        int[] perm = {13, 2, 19, 0, 7, 11, 4, 16, 1, 9, 18, 5, 3, 15, 8, 12, 6, 17, 10, 14};
        float[] permuted = new float[SMALL.paramCount()];
        BatchStats p = gradient(b.permuted(perm), 0, 20, 78, permuted, ws);
        assertSameGradient(permuted, original);
        assertThat(p.lossSum()).isCloseTo(o.lossSum(), within(1e-5 * o.lossSum()));

        // Control: moving rows but NOT their ids changes the masks, hence the gradient.
        Batch rowsOnly = new Batch(b.params, b.permuted(perm).x, b.permuted(perm).labels, b.ids);
        float[] mismatched = new float[SMALL.paramCount()];
        gradient(rowsOnly, 0, 20, 78, mismatched, ws);
        float maxDiff = 0f;
        for (int i = 0; i < original.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(mismatched[i] - original[i]));
        }
        assertThat(maxDiff).isGreaterThan(1e-3f);
    }

    // ---------------------------------------------------------------- rates and expected value

    @ParameterizedTest
    @ValueSource(floats = {0.1f, 0.5f, 0.8f})
    void dropRateIsPAndTheExpectedActivationIsKept(float p) {
        // Sigmoid outputs are positive, so the mean is a meaningful expected-value check.
        ModelSpec spec = spec(new int[] {8, 1024, 2}, List.of(Activation.SIGMOID, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        int rows = 64;
        Random rnd = new Random(31);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(rows, Gemm.create("java"));
        float[] params = gaussian(spec.paramCount(), 0.5, rnd);
        float[] x = uniform(rows * 8, rnd);
        long[] ids = rnd.longs(rows, 0, 1L << 40).toArray();
        Dropout dropout = Dropout.of(spec, new float[] {p, 0f});
        net.gradient(params, x, 0, new int[rows], 0, rows, net.newGradient(), ws, false,
                new Dropout.Context(dropout, 3, 1, ids, 0));

        int n = rows * 1024;
        double rate = (double) zeros(ws.dropMask(0), n) / n;
        assertThat(rate).isCloseTo(p, within(0.03 * p));
        double sumA = 0;
        double sumDropped = 0;
        for (int i = 0; i < n; i++) {
            sumA += ws.a[0][i];
            sumDropped += ws.dropped(0)[i];
            float m = ws.dropMask(0)[i];
            // Inverted dropout: kept units scaled by 1/(1-p), the un-dropped activation kept intact.
            assertThat(m == 0f || m == (float) (1.0 / (1.0 - p))).isTrue();
            assertThat(ws.dropped(0)[i]).isEqualTo(ws.a[0][i] * m);
        }
        assertThat(sumDropped / sumA).isCloseTo(1.0, within(0.03));
    }

    @ParameterizedTest
    @ValueSource(floats = {0.2f, 0.5f})
    void neighbouringUnitsSamplesLayersStepsAndSeedsDrawIndependently(float p) {
        Dropout d = Dropout.of(spec(new int[] {4, 4, 4, 4}, List.of(Activation.RELU, Activation.RELU,
                Activation.LINEAR), LossKind.MSE), new float[] {p, p, 0f});
        int n = 0;
        int[] bothDropped = new int[5];
        for (long id = 0; id < 200; id++) {
            for (int unit = 0; unit < 200; unit++) {
                boolean here = !d.keeps(7, 100, id, 0, unit);
                boolean[] neighbours = {!d.keeps(7, 100, id, 0, unit + 1), !d.keeps(7, 100, id + 1, 0, unit),
                        !d.keeps(7, 100, id, 1, unit), !d.keeps(7, 101, id, 0, unit), !d.keeps(8, 100, id, 0, unit)};
                for (int k = 0; k < neighbours.length; k++) {
                    if (here && neighbours[k]) {
                        bothDropped[k]++;
                    }
                }
                n++;
            }
        }
        String[] names = {"next unit", "next sample", "next layer", "next step", "next seed"};
        for (int k = 0; k < names.length; k++) {
            assertThat((double) bothDropped[k] / n).as(names[k]).isCloseTo((double) p * p, within(0.05 * p * p));
        }
    }

    // ---------------------------------------------------------------- mask identity

    @Test
    void theMaskOfASampleDependsOnlyOnSeedStepAndId() {
        Sequential net = new Sequential(SMALL);
        Workspace ws = net.workspace(20, Gemm.create("java"));
        Batch b = Batch.random(8);
        int width = SMALL.layer(1).outputs();
        gradient(b, 0, 20, 500, net.newGradient(), ws);
        float[] step500 = Arrays.copyOf(ws.dropMask(1), 20 * width);

        // Row 13 again, alone, in another workspace: the same mask row.
        Workspace single = net.workspace(1, Gemm.create("ejml"));
        gradient(b, 13, 14, 500, net.newGradient(), single);
        assertThat(Arrays.copyOf(single.dropMask(1), width))
                .containsExactly(Arrays.copyOfRange(step500, 13 * width, 14 * width));
        for (int u = 0; u < width; u++) {
            assertThat(single.dropMask(1)[u] != 0f).isEqualTo(SMALL_DROPOUT.keeps(2024, 500, b.ids[13], 1, u));
        }

        // The next step draws a different mask for the same samples, about 2p(1-p) of the units differ.
        gradient(b, 0, 20, 501, net.newGradient(), ws);
        int differ = 0;
        for (int i = 0; i < 20 * width; i++) {
            if ((ws.dropMask(1)[i] == 0f) != (step500[i] == 0f)) {
                differ++;
            }
        }
        assertThat(differ).isBetween(20 * width / 4, 20 * width * 3 / 4);
    }

    // ---------------------------------------------------------------- inference and inactive dropout

    @ParameterizedTest
    @ValueSource(strings = {"java", "ejml"})
    void inferenceNeverDrops(String kernel) {
        Batch b = Batch.random(9);
        Sequential net = new Sequential(SMALL);
        Workspace fresh = net.workspace(20, Gemm.create(kernel));
        float[] expected = net.forward(b.params, b.x, 0, 20, fresh).clone();
        int[] expectedPredictions = new int[20];
        net.predict(b.params, b.x, 0, 20, expectedPredictions, 0, fresh);

        Workspace used = net.workspace(20, Gemm.create(kernel));
        gradient(b, 0, 20, 1, net.newGradient(), used);
        float[] trainingOutput = used.output().clone();
        assertThat(trainingOutput).as("the training pass dropped units").isNotEqualTo(expected);
        assertThat(net.forward(b.params, b.x, 0, 20, used)).containsExactly(expected);
        int[] predictions = new int[20];
        net.predict(b.params, b.x, 0, 20, predictions, 0, used);
        assertThat(predictions).containsExactly(expectedPredictions);
    }

    @Test
    void inactiveOrAbsentDropoutIsExactlyThePlainGradient() {
        Batch b = Batch.random(10);
        Sequential net = new Sequential(SMALL);
        Workspace ws = net.workspace(20, Gemm.create("java"));
        float[] plain = net.newGradient();
        BatchStats s = net.gradient(b.params, b.x, 0, b.labels, 0, 20, plain, ws, true);
        float[] plainDx = Arrays.copyOf(ws.inputGradient(), 20 * SMALL.inputSize());
        for (Dropout.Context ctx : new Dropout.Context[] {null,
                new Dropout.Context(Dropout.parse(SMALL, "0"), 1, 2, b.ids, 0),
                new Dropout.Context(Dropout.of(SMALL, new float[3]), 1, 2, new long[0], 0)}) {
            float[] g = net.newGradient();
            BatchStats t = net.gradient(b.params, b.x, 0, b.labels, 0, 20, g, ws, true, ctx);
            assertThat(g).containsExactly(plain);
            assertThat(Arrays.copyOf(ws.inputGradient(), plainDx.length)).containsExactly(plainDx);
            assertThat(t).isEqualTo(s);
        }
    }

    // ---------------------------------------------------------------- config and validation

    @Test
    void parsesOneRatePerHiddenLayer() {
        Dropout d = Dropout.parse(MNIST, " 0.2 , 0.35 ");
        assertThat(d.active()).isTrue();
        assertThat(d.layerCount()).isEqualTo(3);
        assertThat(new float[] {d.rate(0), d.rate(1), d.rate(2)}).containsExactly(0.2f, 0.35f, 0f);
        assertThat(d.toString()).isEqualTo("0.2,0.35");
        assertThat(Dropout.parse(MNIST, d.toString())).isEqualTo(d).isEqualTo(Dropout.of(MNIST,
                new float[] {0.2f, 0.35f, 0f}));
        assertThat(Dropout.parse(MNIST, "0,0.5").active()).isTrue();
        for (String none : new String[] {"", "  ", "0", "0,0", "0.0, 0"}) {
            Dropout n = Dropout.parse(MNIST, none);
            assertThat(n.active()).as("'%s'", none).isFalse();
            assertThat(n).isEqualTo(Dropout.none(MNIST));
            assertThat(n.toString()).isEqualTo("0");
        }
        ModelSpec single = spec(new int[] {784, 10}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        assertThat(Dropout.parse(single, "0").active()).isFalse();
        assertThat(Dropout.parse(single, "").layerCount()).isEqualTo(1);
    }

    @Test
    void parseRejectsBadTextWithExactMessages() {
        assertParse(MNIST, "0.2", "dropout: expected 2 comma-separated rates (one per hidden layer of "
                + "784-256-256-10), got 1 in '0.2'");
        assertParse(MNIST, "0.2,0.2,0", "dropout: expected 2 comma-separated rates (one per hidden layer of "
                + "784-256-256-10), got 3 in '0.2,0.2,0'");
        assertParse(SMALL_ONE_HIDDEN, "0.1,0.1", "dropout: expected 1 comma-separated rate (one per hidden layer of "
                + "6-9-4), got 2 in '0.1,0.1'");
        assertParse(MNIST, "0.2,", "dropout: rate 2 of '0.2,' is not a number: ''");
        assertParse(MNIST, "0.2,abc", "dropout: rate 2 of '0.2,abc' is not a number: 'abc'");
        assertParse(MNIST, "NaN,0.1", "dropout: rate 1 of 'NaN,0.1' is not a number: 'NaN'");
        assertParse(MNIST, "0.2,1f", "dropout: rate 2 of '0.2,1f' is not a number: '1f'");
        assertParse(MNIST, "0.2,1", "dropout: the rate of hidden layer 2 must be at least 0 and below 1, got '1'");
        assertParse(MNIST, "-0.1,0.2",
                "dropout: the rate of hidden layer 1 must be at least 0 and below 1, got '-0.1'");
        assertParse(spec(new int[] {784, 10}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY), "0.5",
                "dropout: 784-10 has no hidden layer to drop; use 0 or leave it empty, got '0.5'");
    }

    private static final ModelSpec SMALL_ONE_HIDDEN = spec(new int[] {6, 9, 4},
            List.of(Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);

    private static void assertParse(ModelSpec spec, String text, String message) {
        assertThatThrownBy(() -> Dropout.parse(spec, text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void ofAndContextRejectBadArgumentsWithExactMessages() {
        assertOf(new float[] {0.2f, 0f}, "dropout: expected 3 rates (one per dense layer of 784-256-256-10), got 2");
        assertOf(new float[] {0.2f, 1f, 0f}, "dropout: the rate of layer 2 must be in [0, 1), got 1.0");
        assertOf(new float[] {-0.5f, 0f, 0f}, "dropout: the rate of layer 1 must be in [0, 1), got -0.5");
        assertOf(new float[] {Float.NaN, 0f, 0f}, "dropout: the rate of layer 1 must be in [0, 1), got NaN");
        assertOf(new float[] {0.2f, 0.2f, 0.1f}, "dropout: the output layer's rate must be 0, got 0.1");

        assertThatThrownBy(() -> new Dropout.Context(SMALL_DROPOUT, 1, 1, new long[4], 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropout: idsOffset 5 is outside the 4 sample ids");
        Batch b = Batch.random(11);
        Sequential net = new Sequential(SMALL);
        Workspace ws = net.workspace(20, Gemm.create("java"));
        assertThatThrownBy(() -> net.gradient(b.params, b.x, 0, b.labels, 0, 20, net.newGradient(), ws, false,
                new Dropout.Context(SMALL_DROPOUT, 1, 1, b.ids, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropout: a batch of 20 rows needs 20 sample ids from offset 3, but only 17 are there");
        assertThatThrownBy(() -> net.gradient(b.params, b.x, 0, b.labels, 0, 20, net.newGradient(), ws, false,
                new Dropout.Context(Dropout.parse(SMALL_ONE_HIDDEN, "0.5"), 1, 1, b.ids, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropout: configured for 2 layers, but the model has 3");
    }

    private static void assertOf(float[] rates, String message) {
        float[] copy = rates.clone();
        assertThatThrownBy(() -> Dropout.of(MNIST, rates)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(rates).as("the caller's array is untouched").containsExactly(copy);
    }

    @Test
    void survivesJavaSerializationWithTheSameMasks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(SMALL_DROPOUT);
        }
        Dropout copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Dropout) in.readObject();
        }
        assertThat(copy).isEqualTo(SMALL_DROPOUT);
        for (int u = 0; u < 100; u++) {
            assertThat(copy.keeps(1, 2, 3, 1, u)).isEqualTo(SMALL_DROPOUT.keeps(1, 2, 3, 1, u));
        }
    }
}
