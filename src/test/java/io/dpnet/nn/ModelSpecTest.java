package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {
    private static final Activation RELU = Activation.RELU;
    private static final Activation SOFTMAX = Activation.SOFTMAX;

    @Test
    void layoutOfTheFlatParameterVector() {
        ModelSpec spec = ModelSpec.of(new int[] {3, 4, 2}, List.of(RELU, SOFTMAX), LossKind.CROSS_ENTROPY);
        assertThat(spec.paramCount()).isEqualTo(3 * 4 + 4 + 4 * 2 + 2);
        assertThat(spec.weightOffset(0)).isZero();
        assertThat(spec.biasOffset(0)).isEqualTo(12);
        assertThat(spec.weightOffset(1)).isEqualTo(16);
        assertThat(spec.biasOffset(1)).isEqualTo(24);
        assertThat(spec.layerCount()).isEqualTo(2);
        assertThat(spec.inputSize()).isEqualTo(3);
        assertThat(spec.outputSize()).isEqualTo(2);
        assertThat(spec.maxWidth()).isEqualTo(4);
        assertThat(spec.sizes()).containsExactly(3, 4, 2);
        assertThat(spec.activations()).containsExactly(RELU, SOFTMAX);
        assertThat(spec.loss()).isEqualTo(LossKind.CROSS_ENTROPY);
        assertThat(spec).hasToString("3 -> 4 relu -> 2 softmax [cross_entropy, 26 params]");
        assertThat(ModelSpec.of(new int[] {9, 4, 2}, List.of(RELU, SOFTMAX), LossKind.CROSS_ENTROPY).maxWidth())
                .isEqualTo(9);
    }

    @Test
    void equalityAndSerialization() throws Exception {
        ModelSpec a = ModelSpec.of(new int[] {3, 4, 2}, List.of(Activation.leakyRelu(0.2f), SOFTMAX),
                LossKind.CROSS_ENTROPY);
        ModelSpec b = ModelSpec.of(new int[] {3, 4, 2}, List.of(Activation.leakyRelu(0.2f), SOFTMAX),
                LossKind.CROSS_ENTROPY);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ModelSpec.of(new int[] {3, 4, 2}, List.of(Activation.leakyRelu(0.3f), SOFTMAX),
                LossKind.CROSS_ENTROPY));
        assertThat(a).isNotEqualTo(ModelSpec.of(new int[] {3, 4, 2}, List.of(Activation.leakyRelu(0.2f), SOFTMAX),
                LossKind.MSE));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ModelSpec copy = (ModelSpec) in.readObject();
            assertThat(copy).isEqualTo(a);
            assertThat(copy.biasOffset(1)).isEqualTo(a.biasOffset(1));
        }
    }

    @Test
    void layersMustChain() {
        assertThatThrownBy(() -> new ModelSpec(List.of(new DenseSpec(4, 3, RELU), new DenseSpec(5, 2, SOFTMAX)),
                LossKind.CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 2 takes 5 inputs but layer 1 produces 3");
    }

    @Test
    void crossEntropyNeedsASoftmaxOutput() {
        assertThatThrownBy(() -> ModelSpec.of(new int[] {4, 3, 2}, List.of(RELU, Activation.SIGMOID),
                LossKind.CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cross_entropy needs a softmax output layer, but the last layer uses sigmoid");
        assertThatThrownBy(() -> ModelSpec.of(new int[] {4, 3, 2}, List.of(SOFTMAX, SOFTMAX), LossKind.CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("softmax is only supported on the output layer with cross_entropy (layer 1 of 2 uses it)");
        // With mse, softmax anywhere is allowed.
        assertThat(ModelSpec.of(new int[] {4, 3, 2}, List.of(SOFTMAX, SOFTMAX), LossKind.MSE).paramCount())
                .isEqualTo(23);
    }

    @Test
    void activationCountMustMatchTheSizes() {
        assertThatThrownBy(() -> ModelSpec.of(new int[] {4, 3, 2}, List.of(RELU), LossKind.CROSS_ENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 layer sizes make 2 dense layers, but 1 activations were given");
        assertThatThrownBy(() -> ModelSpec.of(new int[] {4}, List.of(), LossKind.MSE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers needs at least an input and an output size, got 1 size(s)");
        assertThatThrownBy(() -> new ModelSpec(List.of(), LossKind.MSE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a model needs at least one layer");
    }

    @Test
    void lossIsRequired() {
        assertThatThrownBy(() -> ModelSpec.of(new int[] {4, 2}, List.of(SOFTMAX), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loss is required");
    }

    @Test
    void denseSpecValidation() {
        assertThatThrownBy(() -> new DenseSpec(0, 3, RELU))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer sizes must be positive, got 0x3");
        assertThatThrownBy(() -> new DenseSpec(3, 2, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activation is required");
        assertThat(new DenseSpec(3, 2, RELU).weightCount()).isEqualTo(6);
        assertThat(new DenseSpec(3, 2, RELU).paramCount()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource({
        "linear, LINEAR, 0.0, linear",
        "relu, RELU, 0.0, relu",
        "leaky_relu, LEAKY_RELU, 0.01, leaky_relu(0.01)",
        "leaky_relu(0.05), LEAKY_RELU, 0.05, leaky_relu(0.05)",
        "' Leaky_ReLU( 0.2 ) ', LEAKY_RELU, 0.2, leaky_relu(0.2)",
        "sigmoid, SIGMOID, 0.0, sigmoid",
        "TANH, TANH, 0.0, tanh",
        "' softmax ', SOFTMAX, 0.0, softmax",
    })
    void activationParse(String text, Activation.Kind kind, float alpha, String canonical) {
        Activation a = Activation.parse(text);
        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.alpha()).isEqualTo(alpha);
        assertThat(a).hasToString(canonical);
        assertThat(Activation.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void activationParseErrors() {
        assertThatThrownBy(() -> Activation.parse("swish"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown activation 'swish' (expected one of: linear, relu, leaky_relu, "
                        + "leaky_relu(alpha), sigmoid, tanh, softmax)");
        assertThatThrownBy(() -> Activation.parse("leaky_relu 0.05"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown activation 'leaky_relu 0.05' (expected one of: linear, relu, leaky_relu, "
                        + "leaky_relu(alpha), sigmoid, tanh, softmax)");
        assertThatThrownBy(() -> Activation.parse("leaky_relu(abc)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad leaky_relu alpha in 'leaky_relu(abc)'");
        assertThatThrownBy(() -> Activation.parse("leaky_relu(1.5)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaky_relu alpha must be in [0, 1), got 1.5");
    }

    @Test
    void lossKindParse() {
        assertThat(LossKind.parse("cross_entropy")).isEqualTo(LossKind.CROSS_ENTROPY);
        assertThat(LossKind.parse(" MSE ")).isEqualTo(LossKind.MSE);
        assertThat(LossKind.MSE.label()).isEqualTo("mse");
        assertThatThrownBy(() -> LossKind.parse("hinge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown loss 'hinge' (expected cross_entropy or mse)");
    }
}
