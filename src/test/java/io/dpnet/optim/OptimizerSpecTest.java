package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.optim.OptimizerSpec.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerSpecTest {

    @Test
    void defaults() {
        OptimizerSpec adam = OptimizerSpec.builder(Kind.ADAM).learningRate(0.001).build();
        assertThat(adam.beta1()).isEqualTo(0.9);
        assertThat(adam.beta2()).isEqualTo(0.999);
        assertThat(adam.epsilon()).isEqualTo(1e-8);
        assertThat(adam.weightDecay()).isZero();
        OptimizerSpec momentum = OptimizerSpec.builder(Kind.MOMENTUM).learningRate(0.01).build();
        assertThat(momentum.momentum()).isEqualTo(0.9);
        assertThat(momentum.nesterov()).isFalse();
        // No default rate: the config's learningRate is the only one, so nothing can disagree with it.
        assertThatThrownBy(() -> OptimizerSpec.builder(Kind.SGD).build())
                .hasMessage("learningRate must be a positive number, got NaN");
        assertThat(OptimizerSpec.sgd(0.5).learningRate()).isEqualTo(0.5);
    }

    @Test
    void toStringShowsTheKindsHyperParameters() {
        assertThat(OptimizerSpec.adam(0.001)).hasToString("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)");
        assertThat(OptimizerSpec.sgd(0.1)).hasToString("sgd(lr=0.1)");
        assertThat(OptimizerSpec.momentum(0.01, 0.95)).hasToString("momentum(lr=0.01, momentum=0.95)");
        assertThat(OptimizerSpec.builder(Kind.MOMENTUM).learningRate(1).nesterov(true).weightDecay(5e-4).build())
                .hasToString("momentum(lr=1.0, momentum=0.9, nesterov, weightDecay=0.0005)");
        assertThat(OptimizerSpec.builder(Kind.ADAM).learningRate(3e-5).epsilon(1.5e-7).build())
                .hasToString("adam(lr=3e-05, beta1=0.9, beta2=0.999, eps=1.5e-07)");
    }

    @Test
    void formatSpellsNumbersLikePythonRepr() {
        assertThat(OptimizerSpec.format(0.0001)).isEqualTo("0.0001");
        assertThat(OptimizerSpec.format(0.00001)).isEqualTo("1e-05");
        assertThat(OptimizerSpec.format(2.0)).isEqualTo("2.0");
        assertThat(OptimizerSpec.format(-0.1)).isEqualTo("-0.1");
        assertThat(OptimizerSpec.format(123.25)).isEqualTo("123.25");
        assertThat(OptimizerSpec.format(1e16)).isEqualTo("1e+16");
        assertThat(OptimizerSpec.format(0.0)).isEqualTo("0.0");
        assertThat(OptimizerSpec.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void createBuildsTheConfiguredOptimizer() {
        assertThat(OptimizerSpec.sgd(0.1).create(3)).isInstanceOf(Sgd.class);
        Optimizer m = OptimizerSpec.builder(Kind.MOMENTUM).learningRate(0.01).momentum(0.5).nesterov(true).build().create(3);
        assertThat(m).isInstanceOf(Momentum.class);
        assertThat(((Momentum) m).momentum()).isEqualTo(0.5f);
        assertThat(((Momentum) m).nesterov()).isTrue();
        Optimizer a = OptimizerSpec.builder(Kind.ADAM).learningRate(0.01).beta1(0.8).beta2(0.99).epsilon(1e-6).build().create(3);
        assertThat(a).isInstanceOf(Adam.class);
        assertThat(((Adam) a).beta1()).isEqualTo(0.8f);
        assertThat(((Adam) a).beta2()).isEqualTo(0.99f);
        assertThat(((Adam) a).epsilon()).isEqualTo(1e-6f);
        assertThat(a.name()).isEqualTo("adam");
        assertThat(a.state().slots()).allSatisfy(s -> assertThat(s).hasSize(3));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(b -> b.learningRate(-0.1), "learningRate must be a positive number, got -0.1"),
                bad(b -> b.learningRate(0), "learningRate must be a positive number, got 0.0"),
                bad(b -> b.learningRate(Double.NaN), "learningRate must be a positive number, got NaN"),
                bad(b -> b.learningRate(Double.POSITIVE_INFINITY),
                        "learningRate must be a positive number, got Infinity"),
                bad(b -> b.momentum(1.0), "momentum must be in [0, 1), got 1.0"),
                bad(b -> b.momentum(-0.5), "momentum must be in [0, 1), got -0.5"),
                bad(b -> b.beta1(1.0), "beta1 must be in [0, 1), got 1.0"),
                bad(b -> b.beta2(1.5), "beta2 must be in [0, 1), got 1.5"),
                bad(b -> b.beta2(Double.NaN), "beta2 must be in [0, 1), got NaN"),
                bad(b -> b.epsilon(0), "epsilon must be a positive number, got 0.0"),
                bad(b -> b.epsilon(-1e-8), "epsilon must be a positive number, got -1e-08"),
                bad(b -> b.weightDecay(-0.01), "weightDecay must be a non-negative number, got -0.01"),
                bad(b -> b.weightDecay(Double.NaN), "weightDecay must be a non-negative number, got NaN"));
    }

    private static Arguments bad(UnaryOperator<OptimizerSpec.Builder> edit, String message) {
        return Arguments.of(edit, message);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void validationNamesTheKeyAndTheValue(UnaryOperator<OptimizerSpec.Builder> edit, String message) {
        for (Kind kind : Kind.values()) {
            // A valid rate first, so each case fails on its own key (an edit may still override it).
            assertThatThrownBy(() -> edit.apply(OptimizerSpec.builder(kind).learningRate(0.01)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }
    }

    @Test
    void boundaryValuesAreAccepted() {
        OptimizerSpec s = OptimizerSpec.builder(Kind.ADAM).learningRate(0.01).beta1(0).beta2(0).momentum(0).weightDecay(0).build();
        assertThat(s.beta1()).isZero();
        assertThat(OptimizerSpec.builder(Kind.MOMENTUM).learningRate(0.01).momentum(0.999).build().momentum()).isEqualTo(0.999);
    }

    @Test
    void kindParse() {
        assertThat(Kind.parse("sgd")).isEqualTo(Kind.SGD);
        assertThat(Kind.parse(" Momentum ")).isEqualTo(Kind.MOMENTUM);
        assertThat(Kind.parse("ADAM")).isEqualTo(Kind.ADAM);
        assertThat(Kind.ADAM.label()).isEqualTo("adam");
        assertThatThrownBy(() -> Kind.parse("rmsprop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown optimizer 'rmsprop' (expected sgd, momentum, adam, lamb or lars)");
        assertThatThrownBy(() -> OptimizerSpec.builder(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizer kind is required");
    }

    @Test
    void toBuilderEqualsAndSerialization() throws Exception {
        OptimizerSpec spec = OptimizerSpec.builder(Kind.MOMENTUM).learningRate(0.2).momentum(0.8).nesterov(true)
                .weightDecay(1e-4).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(spec.toBuilder().learningRate(0.3).build()).isNotEqualTo(spec);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(spec);
        }
    }
}
