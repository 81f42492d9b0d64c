package io.dpnet.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeasuredTest {
    @Test
    void medianAndTenthAndNinetiethPercentile() {
        double[] samples = new double[11];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 10 - i;  // 10 .. 0, unsorted on purpose
        }
        Measured m = Measured.of(samples);
        assertThat(m.value()).isEqualTo(5);
        assertThat(m.low()).isCloseTo(1, within(1e-12));
        assertThat(m.high()).isCloseTo(9, within(1e-12));
    }

    @Test
    void aRightSkewedSpreadHasItsMeanAboveItsMedian() {
        // Nine jobs at 10 ms and one that waited 110 ms for a core: ten of them take 200 ms, 20 ms each.
        double[] samples = {10, 10, 10, 10, 110, 10, 10, 10, 10, 10};
        Measured m = Measured.meanOf(samples);
        assertThat(m.value()).isCloseTo(20, within(1e-12));
        assertThat(Measured.of(samples).value()).isEqualTo(10);
        assertThat(m.low()).isCloseTo(10, within(1e-12));
        assertThat(m.high()).isCloseTo(20, within(1e-12));
    }

    @Test
    void negativeNoiseIsClampedToZeroAndNonFiniteRefused() {
        Measured clamped = new Measured(-1, -3, 2).atLeastZero();
        assertThat(clamped.value()).isZero();
        assertThat(clamped.low()).isZero();
        assertThat(clamped.high()).isEqualTo(2);
        assertThatThrownBy(() -> Measured.exact(Double.NaN)).hasMessage(
                "a measured constant must be finite, got NaN [NaN, NaN]");
    }
}
