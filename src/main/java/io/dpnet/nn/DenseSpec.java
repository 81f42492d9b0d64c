package io.dpnet.nn;

import java.io.Serializable;

/**
 * Configuration of one fully connected layer: {@code a = f(x·W + b)} with {@code W} of shape
 * {@code inputs × outputs} (row-major, as in the notebook's {@code inputs @ weight}).
 *
 * <p>Its parameters are stored in the model's flat vector as W followed by b.
 */
public record DenseSpec(int inputs, int outputs, Activation activation) implements Serializable {
    public DenseSpec {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, got " + inputs + "x" + outputs);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is required");
        }
    }

    public int weightCount() {
        return inputs * outputs;
    }

    public int paramCount() {
        return inputs * outputs + outputs;
    }
}
