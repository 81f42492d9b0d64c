package io.dpnet.export;

import io.dpnet.nn.Activation;
import java.util.List;

/** dpnet's activations as ONNX operators, one node each (none for linear). */
final class ActivationOps {
    private ActivationOps() {
    }

    /**
     * Applies {@code activation} to the value {@code z} of the block {@code id}; returns the name
     * of the result ({@code z} itself for linear).
     */
    static String emit(OnnxGraph g, Activation activation, String z, String id) {
        String out = id + "_" + activation.kind().name().toLowerCase(java.util.Locale.ROOT);
        return switch (activation.kind()) {
            case LINEAR -> z;
            case RELU -> g.node("Relu", out, List.of(), z);
            case LEAKY_RELU -> g.node("LeakyRelu", out, List.of(OnnxGraph.floatAttr("alpha", activation.alpha())), z);
            case SIGMOID -> g.node("Sigmoid", out, List.of(), z);
            case TANH -> g.node("Tanh", out, List.of(), z);
            // Row-wise over the features of each sample, as dpnet's softmax (opset 13 semantics:
            // one axis, not the flattened trailing dimensions of opset 11).
            case SOFTMAX -> g.node("Softmax", out, List.of(OnnxGraph.intAttr("axis", -1)), z);
        };
    }
}
