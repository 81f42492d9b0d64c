package io.dpnet.nn;

import java.util.Arrays;
import java.util.Random;

/**
 * A stack of dense layers whose parameters live in ONE flat {@code float[]} (see
 * {@link ModelSpec} for the layout), so a weight broadcast or a gradient is a single array.
 *
 * <p>The network itself is stateless: parameters are passed in, buffers come from a
 * {@link Workspace}, gradients are accumulated into a caller-supplied array. Batches are
 * row-major {@code rows × inputs} blocks.
 *
 * <p>All losses and gradients are <em>sums</em> over the batch's samples; dividing by the global
 * batch size is the caller's job, which is what lets partial sums from many Spark partitions add
 * up to exactly the single-machine mean.
 */
public final class Sequential {
    private final ModelSpec spec;

    public Sequential(ModelSpec spec) {
        this.spec = spec;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Fresh parameters: weights from {@code init} with a generator seeded by {@code seed}, zero biases. */
    public float[] initParams(Init init, long seed) {
        float[] params = new float[spec.paramCount()];
        Random rng = new Random(seed);
        for (int l = 0; l < spec.layerCount(); l++) {
            DenseSpec layer = spec.layer(l);
            init.fill(params, spec.weightOffset(l), layer.weightCount(), layer.inputs(), layer.outputs(), rng);
        }
        return params;
    }

    public Workspace workspace(int maxRows, Gemm gemm) {
        return new Workspace(spec, maxRows, gemm);
    }

    /**
     * Runs the network on {@code rows} samples starting at {@code x[xOff]}; the result is
     * {@link Workspace#output()}. The output layer applies its activation (softmax probabilities
     * for a classifier).
     */
    public float[] forward(float[] params, float[] x, int xOff, int rows, Workspace ws) {
        checkRows(rows, ws);
        forwardLayers(params, x, xOff, rows, ws, null);
        return ws.output();
    }

    /**
     * The forward pass; with a (non-null, active) dropout context, each dropping layer's output
     * is masked into {@link Workspace#dropped} and the next layer reads that, while
     * {@code ws.a[l]} keeps the un-dropped activation its backward pass needs.
     */
    private void forwardLayers(float[] params, float[] x, int xOff, int rows, Workspace ws, Dropout.Context drop) {
        float[] in = x;
        int inOff = xOff;
        for (int l = 0; l < spec.layerCount(); l++) {
            DenseSpec layer = spec.layer(l);
            int n = layer.outputs();
            float[] z = ws.z[l];
            ws.gemm.mul(in, inOff, params, spec.weightOffset(l), z, 0, rows, layer.inputs(), n);
            addBias(z, params, spec.biasOffset(l), rows, n);
            layer.activation().forward(z, ws.a[l], rows, n);
            in = ws.a[l];
            inOff = 0;
            if (drops(drop, l)) {
                in = ws.dropped(l);
                drop.dropout().fill(drop, l, ws.a[l], rows, n, ws.dropMask(l), in);
            }
        }
    }

    private static boolean drops(Dropout.Context drop, int layer) {
        return drop != null && drop.dropout().rate(layer) > 0f;
    }

    /**
     * Forward and backward pass for a classification batch: adds the gradient of the summed loss
     * to {@code gradSum} and returns the summed loss and the number of correct argmax predictions.
     *
     * @param wantInputGradient also compute dL/dX into {@link Workspace#inputGradient()} —
     *     training never needs it for the first layer, so it is skipped unless asked for
     */
    public BatchStats gradient(float[] params, float[] x, int xOff, int[] labels, int labelsOff, int rows,
                               float[] gradSum, Workspace ws, boolean wantInputGradient) {
        return gradient(params, x, xOff, labels, labelsOff, rows, gradSum, ws, wantInputGradient, null);
    }

    /**
     * {@link #gradient(float[], float[], int, int[], int, int, float[], Workspace, boolean)} with
     * inverted dropout during the pass: row {@code r} is dropped as global sample
     * {@code dropout.sampleIds()[dropout.idsOffset() + r]} at {@code dropout.step()}, so the
     * result does not depend on how the batch was split or ordered.
     *
     * @param dropout the pass's dropout context, or null (as is an inactive {@link Dropout}) for none
     */
    public BatchStats gradient(float[] params, float[] x, int xOff, int[] labels, int labelsOff, int rows,
                               float[] gradSum, Workspace ws, boolean wantInputGradient, Dropout.Context dropout) {
        return classify(params, x, xOff, labels, labelsOff, rows, new Sums(gradSum, null), ws, wantInputGradient,
                dropout);
    }

    /**
     * As {@link #gradient(float[], float[], int, int[], int, int, float[], Workspace, boolean, Dropout.Context)}
     * (without the input gradient), but adding into a double accumulator with exact products in
     * sample order ({@link Gemm#mulTransAAdd(float[], int, float[], int, double[], int, int, int, int)}):
     * what makes a synchronous step's summed gradient the same, up to 2⁻⁵³ relative, however the
     * batch is split across partitions and chunks. Per-sample forward and backward values do not
     * depend on the split (each row's products run over the same operands in the same order), so
     * the weight and bias sums are the only place a split could enter.
     */
    public BatchStats gradient(float[] params, float[] x, int xOff, int[] labels, int labelsOff, int rows,
                               double[] gradSum, Workspace ws, Dropout.Context dropout) {
        return classify(params, x, xOff, labels, labelsOff, rows, new Sums(null, gradSum), ws, false, dropout);
    }

    /** Where a backward pass adds the parameter gradient: exactly one of the two is non-null. */
    private record Sums(float[] single, double[] exact) {
    }

    private BatchStats classify(float[] params, float[] x, int xOff, int[] labels, int labelsOff, int rows,
                                Sums gradSum, Workspace ws, boolean wantInputGradient, Dropout.Context dropout) {
        checkRows(rows, ws);
        Dropout.Context drop = activeDropout(dropout, rows);
        forwardLayers(params, x, xOff, rows, ws, drop);
        int classes = spec.outputSize();
        float[] out = ws.output();
        float[] delta = ws.deltaA;
        double loss;
        if (spec.loss() == LossKind.CROSS_ENTROPY) {
            loss = Losses.softmaxCrossEntropy(ws.z[spec.layerCount() - 1], out, labels, labelsOff, rows, classes, delta);
        } else {
            Losses.oneHot(labels, labelsOff, rows, classes, ws.targets);
            loss = Losses.squaredError(out, ws.targets, rows, classes, delta);
            outputActivationBackward(ws, rows, delta);
        }
        int correct = Losses.countCorrect(out, labels, labelsOff, rows, classes);
        backward(params, x, xOff, rows, gradSum, ws, wantInputGradient, drop);
        return new BatchStats(loss, correct, rows);
    }

    /** The context if it drops anything (validated against this model and batch), else null. */
    private Dropout.Context activeDropout(Dropout.Context ctx, int rows) {
        if (ctx == null || !ctx.dropout().active()) {
            return null;
        }
        if (ctx.dropout().layerCount() != spec.layerCount()) {
            throw new IllegalArgumentException("dropout: configured for " + ctx.dropout().layerCount()
                    + " layers, but the model has " + spec.layerCount());
        }
        if (ctx.sampleIds().length - ctx.idsOffset() < rows) {
            throw new IllegalArgumentException("dropout: a batch of " + rows + " rows needs " + rows
                    + " sample ids from offset " + ctx.idsOffset() + ", but only " + (ctx.sampleIds().length
                    - ctx.idsOffset()) + " are there");
        }
        return ctx;
    }

    /**
     * Forward and backward pass for a regression batch with real-valued targets
     * ({@code rows × outputs}); the loss must be {@link LossKind#MSE}.
     */
    public BatchStats gradient(float[] params, float[] x, int xOff, float[] targets, int targetsOff, int rows,
                               float[] gradSum, Workspace ws, boolean wantInputGradient) {
        if (spec.loss() != LossKind.MSE) {
            throw new IllegalArgumentException("real-valued targets need the mse loss, this model uses " + spec.loss());
        }
        forward(params, x, xOff, rows, ws);
        int outputs = spec.outputSize();
        System.arraycopy(targets, targetsOff, ws.targets, 0, rows * outputs);
        double loss = Losses.squaredError(ws.output(), ws.targets, rows, outputs, ws.deltaA);
        outputActivationBackward(ws, rows, ws.deltaA);
        backward(params, x, xOff, rows, new Sums(gradSum, null), ws, wantInputGradient, null);
        return new BatchStats(loss, 0, rows);
    }

    /**
     * The backward half of a training pass whose loss the caller computed: after
     * {@link #forward} on the same input, the caller writes dL/dZ of the output layer
     * ({@code rows × outputs}) into {@link Workspace#outputGradient()} — e.g. a weighted or Huber
     * loss ({@link BatchLoss}) — and this adds the parameter gradient to {@code pass.gradSum()}
     * and, when asked, dL/dX to {@link Workspace#inputGradient()} (what an input block in front
     * of the dense stack scatters into its embedding rows). Same code path as {@link #gradient},
     * so the input gradient costs nothing when it is not asked for.
     */
    public void backward(BackwardPass pass, Workspace ws) {
        checkRows(pass.rows(), ws);
        backward(pass.params(), pass.x(), pass.xOff(), pass.rows(), new Sums(pass.gradSum(), null), ws,
                pass.wantInputGradient(), null);
    }

    /** Writes the argmax class of each of {@code rows} samples into {@code predictions}. */
    public void predict(float[] params, float[] x, int xOff, int rows, int[] predictions, int predOff, Workspace ws) {
        float[] out = forward(params, x, xOff, rows, ws);
        int classes = spec.outputSize();
        for (int r = 0; r < rows; r++) {
            predictions[predOff + r] = Losses.argmax(out, r * classes, classes);
        }
    }

    private void outputActivationBackward(Workspace ws, int rows, float[] delta) {
        int last = spec.layerCount() - 1;
        spec.layer(last).activation().backward(ws.z[last], ws.a[last], delta, delta, rows, spec.outputSize());
    }

    /**
     * Backpropagates dL/dZ of the output layer (in {@code ws.deltaA}) through every layer. Under
     * dropout a layer's weight gradient uses the dropped input it actually saw, and the signal
     * into a dropping layer is multiplied by the same mask before its activation's backward.
     */
    private void backward(float[] params, float[] x, int xOff, int rows, Sums gradSum, Workspace ws,
                          boolean wantInputGradient, Dropout.Context drop) {
        float[] dz = ws.deltaA;
        float[] spare = ws.deltaB;
        for (int l = spec.layerCount() - 1; l >= 0; l--) {
            DenseSpec layer = spec.layer(l);
            int k = layer.inputs();
            int n = layer.outputs();
            boolean droppedInput = l > 0 && drops(drop, l - 1);
            float[] in = l == 0 ? x : droppedInput ? ws.dropped(l - 1) : ws.a[l - 1];
            int inOff = l == 0 ? xOff : 0;
            if (gradSum.exact() != null) {
                ws.gemm.mulTransAAdd(in, inOff, dz, 0, gradSum.exact(), spec.weightOffset(l), rows, k, n);
                addColumnSums(dz, rows, n, gradSum.exact(), spec.biasOffset(l));
            } else {
                ws.gemm.mulTransAAdd(in, inOff, dz, 0, gradSum.single(), spec.weightOffset(l), rows, k, n);
                addColumnSums(dz, rows, n, gradSum.single(), spec.biasOffset(l));
            }
            if (l > 0) {
                ws.gemm.mulTransB(dz, 0, params, spec.weightOffset(l), spare, 0, rows, n, k);
                if (droppedInput) {
                    multiply(spare, ws.dropMask(l - 1), rows * k);
                }
                spec.layer(l - 1).activation().backward(ws.z[l - 1], ws.a[l - 1], spare, spare, rows, k);
                float[] t = dz;
                dz = spare;
                spare = t;
            } else if (wantInputGradient) {
                ws.gemm.mulTransB(dz, 0, params, spec.weightOffset(0), ws.inputGradient, 0, rows, n, k);
            }
        }
    }

    private static void multiply(float[] v, float[] by, int n) {
        for (int i = 0; i < n; i++) {
            v[i] *= by[i];
        }
    }

    private static void addBias(float[] z, float[] params, int biasOff, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                z[o + j] += params[biasOff + j];
            }
        }
    }

    private static void addColumnSums(float[] d, int rows, int n, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += d[o + j];
            }
        }
    }

    /** Bias gradient in doubles: each float adds exactly its value, rows in order. */
    private static void addColumnSums(float[] d, int rows, int n, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += d[o + j];
            }
        }
    }

    private static void checkRows(int rows, Workspace ws) {
        if (rows < 0 || rows > ws.maxRows) {
            throw new IllegalArgumentException("batch of " + rows + " rows does not fit a workspace of " + ws.maxRows);
        }
    }

    /** A zeroed gradient buffer of the right size. */
    public float[] newGradient() {
        return new float[spec.paramCount()];
    }

    /** Zeroes a gradient buffer for reuse. */
    public static void clear(float[] gradient) {
        Arrays.fill(gradient, 0f);
    }
}
