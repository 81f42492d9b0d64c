package io.dpnet.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.IdxDataset;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The math probe's input rows: real pixels scaled as every read path scales them, or seeded stand-ins. */
class MathProbeRowsTest {
    private static final ModelSpec SPEC = ModelSpec.of(new int[] {4, 3, 2},
            List.of(Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);

    @Test
    void realPixelsAreScaledLikeTheReadPathsAndRepeatedToFillAPass() {
        byte[] pixels = {0, (byte) 255, 17, (byte) 128, 1, 2, 3, 4};
        MathProbe.Rows rows = MathProbe.Rows.ofPixels(pixels, new int[] {1, 0}, 4, "two rows");
        float[] x = rows.floats(3);
        assertThat(x).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(x[i]).isEqualTo(IdxDataset.pixelValue(pixels[i % 8] & 0xff));
        }
        assertThat(rows.labels(3)).containsExactly(1, 0, 1);
    }

    @Test
    void syntheticRowsAreSeededAndMostlyZero() {
        MathProbe.Rows a = MathProbe.Rows.synthetic(SPEC, 500);
        MathProbe.Rows b = MathProbe.Rows.synthetic(SPEC, 500);
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(java.util.Arrays.stream(a.labels()).boxed().toList()).allMatch(y -> y >= 0 && y < 2).contains(0, 1);
        long zeros = 0;
        for (byte p : a.pixels()) {
            zeros += p == 0 ? 1 : 0;
        }
        assertThat(zeros / 2000.0).isBetween(0.75, 0.85);
        assertThat(a.source()).isEqualTo("synthetic rows (80% zeros)");
        MathProbe.Rows why = a.because("data.format=csv");
        assertThat(why.source()).isEqualTo("synthetic rows (80% zeros); data.format=csv");
        assertThat(why.pixels()).isSameAs(a.pixels());
    }

    @Test
    void rowsOfTheWrongShapeAreRefused() {
        assertThatThrownBy(() -> MathProbe.Rows.ofPixels(new byte[7], new int[] {0, 1}, 4, "x"))
                .hasMessage("rows need 4 pixels per label, got 7 pixels and 2 labels");
        MathProbe.Rows wide = MathProbe.Rows.ofPixels(new byte[10], new int[] {0, 1}, 5, "x");
        MathProbe.Weights initial = MathProbe.Weights.initial(SPEC);
        assertThatThrownBy(() -> new MathProbe.Setup(SPEC, "auto", wide, initial))
                .hasMessage("rows have 5 features, the network takes 4");
        MathProbe.Rows rows = MathProbe.Rows.ofPixels(new byte[8], new int[] {0, 1}, 4, "x");
        MathProbe.Weights short1 = new MathProbe.Weights(new float[SPEC.paramCount() - 1], "w");
        assertThatThrownBy(() -> new MathProbe.Setup(SPEC, "auto", rows, short1))
                .hasMessage("weights have " + (SPEC.paramCount() - 1) + " parameters, the network takes "
                        + SPEC.paramCount());
        assertThatThrownBy(() -> MathProbe.Weights.trained(SPEC, new float[3], "run/model"))
                .hasMessage("run/model has 3 parameters, the network " + SPEC + " has " + SPEC.paramCount());
    }

    @Test
    void weightsSayWhereTheyCameFrom() {
        MathProbe.Rows rows = MathProbe.Rows.synthetic(SPEC, 16);
        MathProbe.Weights initial = MathProbe.Weights.initial(SPEC);
        assertThat(initial.source()).isEqualTo("the initial (He) weights");
        assertThat(initial.params()).isEqualTo(new io.dpnet.nn.Sequential(SPEC).initParams(io.dpnet.nn.Init.HE, 1));
        MathProbe.Weights given = MathProbe.Weights.trained(SPEC, new float[SPEC.paramCount()], "zeros");
        assertThat(given.source()).isEqualTo("zeros");
        assertThat(new MathProbe.Setup(SPEC, "auto", rows, given).weights().params()).isSameAs(given.params());
    }
}
