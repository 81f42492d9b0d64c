package io.dpnet.nn;

import java.io.Serializable;

/**
 * Configuration of one fully connected layer: {@code a = f(x·W + b)} with {@code W} of shape
 * {@code inputs × outputs} (row-major, as in the notebook's {@code inputs @ weight}).
 *
 * <p>Its parameters are stored in the model's flat vector as W followed by b.
 */
public record DenseSpec(int inputs, int outputs, Activation activation) implements Serializable {
    /** The most parameters a Java array (the model's flat vector) can safely hold. */
    public static final long MAX_PARAMS = Integer.MAX_VALUE - 8;

    public DenseSpec {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, got " + inputs + "x" + outputs);
        }
        // In long: 65536×65536 wraps to 0 in int and would pass every later size check.
        long params = (long) inputs * outputs + outputs;
        if (params > MAX_PARAMS) {
            throw new IllegalArgumentException("a " + inputs + "x" + outputs + " layer has " + params
                    + " parameters (weights and biases); one layer can hold at most " + MAX_PARAMS);
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
