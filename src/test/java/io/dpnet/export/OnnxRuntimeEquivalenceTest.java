package io.dpnet.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.IdxDataset;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import io.dpnet.optim.Sgd;
import io.dpnet.testing.Mnist;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exports dpnet networks and runs them in ONNX Runtime on the whole MNIST test set: every output
 * must match dpnet's own forward pass (max |Δ| ≤ 1e-5) and every label its argmax. Prints, per
 * architecture, the max |Δ| and the file size (the numbers the closing note asks for).
 */
class OnnxRuntimeEquivalenceTest {
    private static final double TOLERANCE = 1e-5;
    private static float[] testX;
    private static int[] testY;
    private static int rows;

    @BeforeAll
    static void readMnistTestSet() throws Exception {
        Mnist.require();
        Configuration conf = new Configuration();
        IdxDataset test = IdxDataset.open(conf, Mnist.DIR.resolve("t10k-images-idx3-ubyte").toString(),
                Mnist.DIR.resolve("t10k-labels-idx1-ubyte").toString(), 10);
        rows = test.count();
        testX = new float[rows * test.features()];
        testY = new int[rows];
        test.read(conf, 0, rows, testX, 0, testY, 0);
    }

    @Test
    void trainedReluSoftmaxClassifierMatchesOnTheMnistTestSet() throws Exception {
        ModelSpec spec = ModelSpec.of(new int[] {784, 64, 10}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        float[] params = trainOnMnist(spec, Init.HE, 0.1f);
        int[] dpnetLabels = checkClassifier("relu/softmax (trained)", spec, params);
        // Argmax equality means something only if the classes are not arbitrary.
        assertThat(accuracy(dpnetLabels)).as("test accuracy of the trained model").isGreaterThan(0.85);
    }

    @Test
    void netWithEveryActivationMatches() throws Exception {
        ModelSpec spec = ModelSpec.of(new int[] {784, 48, 32, 24, 24, 16, 10},
                List.of(Activation.RELU, Activation.leakyRelu(0.05f), Activation.SIGMOID, Activation.TANH,
                        Activation.LINEAR, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        // Trained briefly: a random deep net sends every image to one class, which makes the label
        // check weak (the outputs are compared either way).
        checkClassifier("every activation", spec, trainOnMnist(spec, Init.XAVIER, 0.1f));
    }

    @Test
    void mseClassifierWithSigmoidOutputMatches() throws Exception {
        // Its probabilities are the sigmoid outputs themselves (as dpnet predict writes them), not a softmax.
        ModelSpec spec = ModelSpec.of(new int[] {784, 32, 10}, List.of(Activation.TANH, Activation.SIGMOID),
                LossKind.MSE);
        assertThat(OutputHead.of(spec)).isEqualTo(OutputHead.CLASSIFIER);
        checkClassifier("tanh, sigmoid output (mse)", spec, trainOnMnist(spec, Init.XAVIER, 0.5f));
    }

    @Test
    void regressorMatches() throws Exception {
        // Today's regressor: a linear output trained with mse (issue #12 adds real regression heads).
        ModelSpec spec = ModelSpec.of(new int[] {784, 32, 3}, List.of(Activation.TANH, Activation.LINEAR),
                LossKind.MSE);
        assertThat(OutputHead.of(spec)).isEqualTo(OutputHead.REGRESSOR);
        float[] params = randomParams(spec, 13);
        byte[] onnx = OnnxExport.toOnnx(model(spec, params), OutputHead.REGRESSOR).toByteArray();
        float[] expected = dpnetOutputs(spec, params);
        try (OrtModel ort = new OrtModel(onnx)) {
            assertThat(ort.session.getOutputNames()).containsExactly(OnnxExport.PREDICTION);
            float[] actual = ort.floats(OnnxExport.PREDICTION, testX, rows, 3);
            double delta = maxAbsDiff(expected, actual);
            report("regressor (tanh, linear output, mse)", delta, onnx);
            assertThat(delta).isLessThanOrEqualTo(TOLERANCE);
            // The outputs must vary, or equality would prove little.
            assertThat(spread(expected)).isGreaterThan(0.5);
        }
    }

    /** Exports, runs in ONNX Runtime, asserts probabilities and labels; returns dpnet's labels. */
    private static int[] checkClassifier(String name, ModelSpec spec, float[] params) throws Exception {
        byte[] onnx = OnnxExport.toOnnx(model(spec, params), OutputHead.CLASSIFIER).toByteArray();
        int classes = spec.outputSize();
        float[] expected = dpnetOutputs(spec, params);
        int[] dpnetLabels = new int[rows];
        for (int r = 0; r < rows; r++) {
            dpnetLabels[r] = io.dpnet.nn.Losses.argmax(expected, r * classes, classes);
        }
        try (OrtModel ort = new OrtModel(onnx)) {
            assertThat(ort.session.getInputNames()).containsExactly(OnnxExport.FEATURES);
            assertThat(ort.session.getOutputNames()).containsExactly(OnnxExport.PROBABILITIES, OnnxExport.LABEL);
            float[] probabilities = ort.floats(OnnxExport.PROBABILITIES, testX, rows, classes);
            long[] labels = ort.longs(OnnxExport.LABEL, testX, rows);
            double delta = maxAbsDiff(expected, probabilities);
            report(name, delta, onnx);
            assertThat(delta).isLessThanOrEqualTo(TOLERANCE);
            for (int r = 0; r < rows; r++) {
                assertThat(labels[r]).as("label of test image %d", r).isEqualTo(dpnetLabels[r]);
            }
            assertThat(distinct(dpnetLabels)).as("distinct predicted classes").isGreaterThan(1);
        }
        return dpnetLabels;
    }

    /** dpnet's own forward pass over the test set, row-major [rows, outputs]. */
    private static float[] dpnetOutputs(ModelSpec spec, float[] params) {
        int batch = 1000;
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(batch, Gemm.create("auto"));
        int width = spec.outputSize();
        float[] out = new float[rows * width];
        for (int from = 0; from < rows; from += batch) {
            int n = Math.min(batch, rows - from);
            float[] y = net.forward(params, testX, from * spec.inputSize(), n, ws);
            System.arraycopy(y, 0, out, from * width, n * width);
        }
        return out;
    }

    /** Plain SGD on the first 20,000 MNIST training images: 400 steps of 100 (relu/softmax: ~90%). */
    private static float[] trainOnMnist(ModelSpec spec, Init init, float learningRate) throws Exception {
        Configuration conf = new Configuration();
        IdxDataset train = IdxDataset.open(conf, Mnist.DIR.resolve("train-images-idx3-ubyte").toString(),
                Mnist.DIR.resolve("train-labels-idx1-ubyte").toString(), 10);
        int n = 20_000;
        int batch = 100;
        float[] x = new float[n * train.features()];
        int[] y = new int[n];
        train.read(conf, 0, n, x, 0, y, 0);
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(batch, Gemm.create("auto"));
        float[] params = net.initParams(init, 5);
        float[] grad = net.newGradient();
        Sgd sgd = new Sgd(spec.paramCount());
        for (int step = 0; step < 400; step++) {
            int from = (step * batch) % n;
            Sequential.clear(grad);
            net.gradient(params, x, from * spec.inputSize(), y, from, batch, grad, ws, false);
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= batch;
            }
            sgd.step(params, grad, learningRate);
        }
        return params;
    }

    /** Initialized weights plus random biases (initParams zeroes them, which would hide a bias bug). */
    private static float[] randomParams(ModelSpec spec, long seed) {
        float[] params = new Sequential(spec).initParams(Init.XAVIER, seed);
        Random rng = new Random(seed);
        for (int l = 0; l < spec.layerCount(); l++) {
            for (int j = 0; j < spec.layer(l).outputs(); j++) {
                params[spec.biasOffset(l) + j] = (float) (rng.nextGaussian() * 0.5);
            }
        }
        return params;
    }

    private static SavedModel model(ModelSpec spec, float[] params) {
        return SavedModel.builder(spec, params).trainingConfig(Map.of("seed", "5")).build();
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double spread(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        return max - min;
    }

    private static double accuracy(int[] predicted) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            correct += predicted[r] == testY[r] ? 1 : 0;
        }
        return (double) correct / rows;
    }

    private static long distinct(int[] labels) {
        return java.util.Arrays.stream(labels).distinct().count();
    }

    private static void report(String name, double delta, byte[] onnx) {
        System.out.printf("onnx-check: %-40s max|Δ| = %.3g over %d test images; file %,d bytes%n", name, delta,
                rows, onnx.length);
    }
}
