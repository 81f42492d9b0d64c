package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LAMB and LARS against steps worked out by hand on a two-segment vector: a 2-value "weight
 * matrix" [3, 4] (norm 5) and a 1-value "bias" [0].
 */
class LayerWiseOptimizersTest {
    private static final LayerSegments TWO_SEGMENTS = LayerSegments.ofLengths(2, 1);
    private static final float[] G1 = {1f, -2f, 0.5f};
    private static final float[] G2 = {0.5f, 0.5f, -1f};

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void lambScalesAdamsDirectionByEachSegmentsTrustRatio() {
        Lamb opt = new Lamb(TWO_SEGMENTS, 0.9f, 0.999f, 1e-8f);
        float[] w = {3f, 4f, 0f};
        opt.step(w, G1, 0.1f);
        // Step 1: bias-corrected m̂ = g, v̂ = g², so r = g/|g| = [1, -1, 1].
        // W: trust = ‖W‖/‖r‖ = 5/√2 = 3.535534; W -= 0.1·3.535534·[1, -1].
        // b: ‖b‖ = 0, so trust = 1; b -= 0.1·1.
        assertClose(w, 3 - 0.3535534, 4 + 0.3535534, -0.1);
        opt.step(w, G2, 0.1f);
        // Step 2: m = 0.09·g1 + 0.1·g2 = [0.14, -0.13, -0.055];
        // v = 0.999·0.001·g1² + 0.001·g2² = [0.001249, 0.004246, 0.00124975];
        // m̂ = m/0.19, v̂ = v/0.001999 → r = [0.932180, -0.469471, -0.366104];
        // W trust = ‖[2.646447, 4.353553]‖/‖r_W‖ = 5.094838/1.043728 = 4.881380 → W = [2.191414, 4.582719];
        // b trust = 0.1/0.366104 = 0.273147 → b = -0.1 + 0.1·0.273147·0.366104 = -0.09.
        assertClose(w, 2.1914143, 4.5827186, -0.09);
        assertClose(opt.state().slots().get(0), 0.14, -0.13, -0.055);
        assertClose(opt.state().slots().get(1), 0.001249, 0.004246, 0.00124975);
        assertThat(opt.stepCount()).isEqualTo(2);
        assertThat(G1).containsExactly(1f, -2f, 0.5f);
    }

    @Test
    void larsPutsTheTrustRatioInsideTheVelocity() {
        Lars opt = new Lars(TWO_SEGMENTS, 0.9f, 0.001f);
        float[] w = {3f, 4f, 0f};
        opt.step(w, G1, 1f);
        // W: trust = 0.001·5/√5 = 0.00223607; u = trust·g = [0.00223607, -0.00447214]; W -= u.
        // b: ‖b‖ = 0 → trust 1; u = 0.5; b = -0.5.
        assertClose(w, 2.9977639, 4.0044721, -0.5);
        opt.step(w, G2, 1f);
        // W trust = 0.001·‖[2.997764, 4.004472]‖/‖[0.5, 0.5]‖ = 0.00707423;
        // u = 0.9·u + trust·g2 = [0.00554958, -0.00048781]; b trust = 0.001·0.5/1 = 0.0005,
        // u_b = 0.45 - 0.0005 = 0.4495.
        assertClose(w, 2.9922144, 4.0049599, -0.9495);
        assertClose(opt.state().slots().get(0), 0.00554958, -0.00048781, 0.4495);
    }

    @Test
    void lambStateRestoresIntoAFreshOptimizerAndContinuesIdentically() {
        Lamb a = new Lamb(TWO_SEGMENTS, 0.9f, 0.999f, 1e-8f);
        float[] wa = {3f, 4f, 0f};
        a.step(wa, G1, 0.1f);
        OptimizerState saved = a.state();
        float[] wb = wa.clone();
        Lamb b = new Lamb(TWO_SEGMENTS, 0.9f, 0.999f, 1e-8f);
        b.restore(saved);
        a.step(wa, G2, 0.1f);
        b.step(wb, G2, 0.1f);
        assertThat(wb).containsExactly(wa);
        assertThat(b.stepCount()).isEqualTo(2);
        assertThat(saved.name()).isEqualTo("lamb");
        assertThatThrownBy(() -> new Adam(3, 0.9f, 0.999f, 1e-8f).restore(saved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot restore lamb optimizer state into a adam optimizer");
    }

    @Test
    void specBuildsLayerWiseOptimizersOnlyWithTheModelsLayout() {
        ModelSpec model = ModelSpec.of(new int[] {4, 3, 2},
                List.of(Activation.parse("relu"), Activation.parse("softmax")), LossKind.CROSS_ENTROPY);
        LayerSegments layers = LayerSegments.of(model);
        // W1 (4·3), b1 (3), W2 (3·2), b2 (2).
        assertThat(layers).isEqualTo(LayerSegments.ofLengths(12, 3, 6, 2));
        OptimizerSpec lamb = OptimizerSpec.builder(OptimizerSpec.Kind.parse("LAMB")).learningRate(0.01)
                .layers(layers).build();
        assertThat(lamb.create(model.paramCount())).isInstanceOf(Lamb.class);
        assertThat(lamb.toString()).isEqualTo("lamb(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)");
        assertThatThrownBy(() -> lamb.create(22))
                .hasMessage("lamb was given layers covering 23 parameters but asked for an optimizer of 22");
        assertThatThrownBy(() -> OptimizerSpec.builder(OptimizerSpec.Kind.LARS).learningRate(0.1).build().create(23))
                .hasMessage("lars computes a trust ratio per layer and needs the model's layer layout "
                        + "(OptimizerSpec.Builder.layers)");
        assertThatThrownBy(() -> OptimizerSpec.builder(OptimizerSpec.Kind.LARS).learningRate(0.1).larsTrust(0).build())
                .hasMessage("lars.trust must be a positive number, got 0.0");
    }
}
