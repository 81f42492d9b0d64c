package io.dpnet.optim;

import io.dpnet.nn.ModelSpec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Where each layer's weight matrix and bias vector lie in the flat parameter vector, as
 * consecutive segments: layer-wise optimizers ({@link Lamb}, {@link Lars}) compute one trust ratio
 * per segment, so a bias is a "layer" of its own (its norm would otherwise vanish next to W's).
 */
public final class LayerSegments implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Segment i is {@code [bounds[i], bounds[i+1])}; {@code bounds[0] = 0}. */
    private final int[] bounds;

    private LayerSegments(int[] bounds) {
        this.bounds = bounds;
    }

    /** W1, b1, W2, b2, ... of {@code spec}. */
    public static LayerSegments of(ModelSpec spec) {
        int[] b = new int[2 * spec.layerCount() + 1];
        for (int l = 0; l < spec.layerCount(); l++) {
            b[2 * l] = spec.weightOffset(l);
            b[2 * l + 1] = spec.biasOffset(l);
        }
        b[b.length - 1] = spec.paramCount();
        return new LayerSegments(b);
    }

    /**
     * Segments of the given lengths, in order.
     *
     * @throws IllegalArgumentException if there are none or one is not positive
     */
    public static LayerSegments ofLengths(int... lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("at least one segment is needed");
        }
        int[] b = new int[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] <= 0) {
                throw new IllegalArgumentException("segment " + i + " has length " + lengths[i]
                        + "; lengths must be positive");
            }
            b[i + 1] = Math.addExact(b[i], lengths[i]);
        }
        return new LayerSegments(b);
    }

    public int count() {
        return bounds.length - 1;
    }

    public int start(int segment) {
        return bounds[segment];
    }

    public int end(int segment) {
        return bounds[segment + 1];
    }

    /** Total parameters covered. */
    public int paramCount() {
        return bounds[bounds.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSegments s && Arrays.equals(s.bounds, bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "LayerSegments" + Arrays.toString(bounds);
    }
}
