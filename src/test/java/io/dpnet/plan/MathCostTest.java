package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MathCostTest {
    private final MathCost cost = new MathCost(new int[] {8, 64, 256}, new Measured[] {m(40e-6), m(16e-6), m(10e-6)},
            256);

    @Test
    void measuredSizesGiveTheirRateAndOthersInterpolateInLogRows() {
        assertThat(cost.perSampleAt(8)).isEqualTo(40e-6);
        assertThat(cost.perSampleAt(64)).isEqualTo(16e-6);
        assertThat(cost.perSampleAt(1)).isEqualTo(40e-6);
        assertThat(cost.perSampleAt(1000)).isEqualTo(10e-6);
        // 128 is halfway between 64 and 256 in log2: halfway between the rates.
        assertThat(cost.perSampleAt(128)).isCloseTo(13e-6, within(1e-12));
    }

    @Test
    void aPartitionsRowsRunInFullChunksAndOneRemainder() {
        // 600 rows = 2 x 256 at 10 us + 88 rows at the interpolated rate.
        double expected = 512 * 10e-6 + 88 * cost.perSampleAt(88);
        assertThat(cost.secondsFor(600)).isCloseTo(expected, within(1e-12));
        assertThat(cost.secondsFor(0)).isZero();
    }

    @Test
    void refusesUnorderedChunkSizes() {
        assertThatThrownBy(() -> new MathCost(new int[] {64, 8}, new Measured[] {m(1), m(1)}, 256))
                .hasMessage("chunk sizes must increase: [64, 8]");
    }
}
