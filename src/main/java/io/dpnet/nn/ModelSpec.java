package io.dpnet.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of a {@link Sequential} network: its dense layers and its training loss.
 *
 * <p>Knows the layout of the flat parameter vector: layer {@code i}'s weights start at
 * {@link #weightOffset(int)} and its biases at {@link #biasOffset(int)}. A spec is small and
 * immutable, so it travels inside Spark closures while the parameters travel as one broadcast
 * {@code float[]}.
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<DenseSpec> layers;
    private final LossKind loss;
    private final int[] offsets;
    private final int paramCount;

    public ModelSpec(List<DenseSpec> layers, LossKind loss) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss is required");
        }
        this.layers = List.copyOf(layers);
        this.loss = loss;
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + layers.get(i).inputs()
                        + " inputs but layer " + i + " produces " + layers.get(i - 1).outputs());
            }
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (layers.get(i).activation().kind() == Activation.Kind.SOFTMAX && loss == LossKind.CROSS_ENTROPY) {
                // Allowed mathematically, but almost always a config slip: say so loudly.
                throw new IllegalArgumentException("softmax is only supported on the output layer with cross_entropy"
                        + " (layer " + (i + 1) + " of " + layers.size() + " uses it)");
            }
        }
        if (loss == LossKind.CROSS_ENTROPY && output().activation().kind() != Activation.Kind.SOFTMAX) {
            throw new IllegalArgumentException("cross_entropy needs a softmax output layer, but the last layer uses "
                    + output().activation());
        }
        offsets = new int[layers.size() + 1];
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            offsets[i] = (int) total;
            total += layers.get(i).paramCount();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("model has more than 2^31 parameters");
            }
        }
        offsets[layers.size()] = (int) total;
        paramCount = (int) total;
    }

    /**
     * Builds a spec from layer widths ({@code sizes[0]} = inputs) and one activation per layer,
     * e.g. {@code [784, 256, 256, 10]} with {@code [relu, relu, softmax]}.
     */
    public static ModelSpec of(int[] sizes, List<Activation> activations, LossKind loss) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("layers needs at least an input and an output size, got "
                    + sizes.length + " size(s)");
        }
        if (activations.size() != sizes.length - 1) {
            throw new IllegalArgumentException(sizes.length + " layer sizes make " + (sizes.length - 1)
                    + " dense layers, but " + activations.size() + " activations were given");
        }
        List<DenseSpec> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new DenseSpec(sizes[i], sizes[i + 1], activations.get(i)));
        }
        return new ModelSpec(layers, loss);
    }

    public List<DenseSpec> layers() {
        return layers;
    }

    public DenseSpec layer(int i) {
        return layers.get(i);
    }

    public int layerCount() {
        return layers.size();
    }

    public LossKind loss() {
        return loss;
    }

    public int inputSize() {
        return layers.get(0).inputs();
    }

    public int outputSize() {
        return output().outputs();
    }

    public DenseSpec output() {
        return layers.get(layers.size() - 1);
    }

    public int paramCount() {
        return paramCount;
    }

    public int weightOffset(int layer) {
        return offsets[layer];
    }

    public int biasOffset(int layer) {
        return offsets[layer] + layers.get(layer).weightCount();
    }

    /** Widest layer output: sizes the per-batch workspace. */
    public int maxWidth() {
        int w = inputSize();
        for (DenseSpec l : layers) {
            w = Math.max(w, l.outputs());
        }
        return w;
    }

    /** Layer widths, input first: {@code [784, 256, 256, 10]}. */
    public int[] sizes() {
        int[] s = new int[layers.size() + 1];
        s[0] = inputSize();
        for (int i = 0; i < layers.size(); i++) {
            s[i + 1] = layers.get(i).outputs();
        }
        return s;
    }

    public List<Activation> activations() {
        return layers.stream().map(DenseSpec::activation).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.layers.equals(layers) && m.loss == loss;
    }

    @Override
    public int hashCode() {
        return layers.hashCode() * 31 + loss.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(inputSize());
        for (DenseSpec l : layers) {
            sb.append(" -> ").append(l.outputs()).append(' ').append(l.activation());
        }
        return sb.append(" [").append(loss).append(", ").append(paramCount).append(" params]").toString();
    }
}
