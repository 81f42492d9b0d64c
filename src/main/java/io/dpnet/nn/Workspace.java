package io.dpnet.nn;

/**
 * Every buffer one forward/backward pass needs, sized once for a maximum batch and reused
 * across steps — the hot loop allocates nothing. Not thread-safe: one per thread.
 */
public final class Workspace {
    final ModelSpec spec;
    final int maxRows;
    final Gemm gemm;
    /** Pre-activations and activations per layer, {@code maxRows × outputs(l)} each. */
    final float[][] z;
    final float[][] a;
    /** Ping-pong buffers for the backward signal, {@code maxRows × maxWidth}. */
    final float[] deltaA;
    final float[] deltaB;
    /** Pre-activations of the output layer (the logits of a softmax classifier). */
    public float[] logits() {
        return z[z.length - 1];
    }

    /** dL/dX of the last backward pass that asked for it, {@code maxRows × inputs}. */
    final float[] inputGradient;
    /** One-hot or regression targets for MSE, {@code maxRows × outputs}. */
    final float[] targets;
    /**
     * Per layer, the dropout mask ({@code 0} or {@code 1/(1 − p)}) and the dropped activations
     * the next layer reads, {@code maxRows × outputs(l)} each. Allocated on the first training
     * pass that drops that layer's output, then reused; null for every layer that never drops,
     * so a workspace that never sees dropout costs nothing extra.
     */
    private final float[][] dropMask;
    private final float[][] dropped;

    public Workspace(ModelSpec spec, int maxRows, Gemm gemm) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        this.spec = spec;
        this.maxRows = maxRows;
        this.gemm = gemm;
        int layers = spec.layerCount();
        z = new float[layers][];
        a = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int width = spec.layer(l).outputs();
            z[l] = new float[maxRows * width];
            a[l] = new float[maxRows * width];
        }
        deltaA = new float[maxRows * spec.maxWidth()];
        deltaB = new float[maxRows * spec.maxWidth()];
        inputGradient = new float[maxRows * spec.inputSize()];
        targets = new float[maxRows * spec.outputSize()];
        dropMask = new float[layers][];
        dropped = new float[layers][];
    }

    /** Layer {@code l}'s dropout mask buffer, allocated on first use. */
    float[] dropMask(int l) {
        if (dropMask[l] == null) {
            dropMask[l] = new float[maxRows * spec.layer(l).outputs()];
        }
        return dropMask[l];
    }

    /** Layer {@code l}'s dropped-activation buffer, allocated on first use. */
    float[] dropped(int l) {
        if (dropped[l] == null) {
            dropped[l] = new float[maxRows * spec.layer(l).outputs()];
        }
        return dropped[l];
    }

    public int maxRows() {
        return maxRows;
    }

    public ModelSpec spec() {
        return spec;
    }

    public Gemm gemm() {
        return gemm;
    }

    /** The network output of the last forward pass ({@code rows × outputs}, row-major). */
    public float[] output() {
        return a[a.length - 1];
    }

    /**
     * Where a caller-computed loss writes dL/dZ of the output layer ({@code rows × outputs})
     * before {@link Sequential#backward(BackwardPass, Workspace)}; overwritten by that pass.
     */
    public float[] outputGradient() {
        return deltaA;
    }

    /** dL/dX of the last {@code backward(..., wantInputGradient=true)} ({@code rows × inputs}). */
    public float[] inputGradient() {
        return inputGradient;
    }
}
