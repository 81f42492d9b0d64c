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
    void threadsMeasuredAtOnceAverageTheirRatesAndKeepTheWidestSpread() {
        MathCost a = new MathCost(new int[] {8, 256}, new Measured[] {new Measured(40e-6, 38e-6, 45e-6),
            new Measured(10e-6, 9e-6, 12e-6)}, 256);
        MathCost b = new MathCost(new int[] {8, 256}, new Measured[] {new Measured(60e-6, 50e-6, 61e-6),
            new Measured(14e-6, 13e-6, 20e-6)}, 256);
        MathCost mean = MathCost.meanOf(java.util.List.of(a, b));
        assertThat(mean.chunkRows()).containsExactly(8, 256);
        assertThat(mean.perSample()[0].value()).isCloseTo(50e-6, within(1e-15));
        assertThat(mean.perSample()[0].low()).isEqualTo(38e-6);
        assertThat(mean.perSample()[0].high()).isEqualTo(61e-6);
        assertThat(mean.perSample()[1].value()).isCloseTo(12e-6, within(1e-15));
        assertThat(mean.perSample()[1].high()).isEqualTo(20e-6);
        assertThatThrownBy(() -> MathCost.meanOf(java.util.List.of(a, cost)))
                .hasMessage("math costs of different chunk sizes: [8, 256] and [8, 64, 256]");
        assertThatThrownBy(() -> MathCost.meanOf(java.util.List.of())).hasMessage("no math costs to combine");
    }

    @Test
    void realStepsMathOverTheProbesForTheSameLargestShareIsTheFactor() {
        // 1024 on 2 partitions: the expected largest share is 531 rows = 2 x 256 at 10 us + 19 at 40..16 us.
        long share = CostModel.largestShare(1024, 2);
        assertThat(share).isEqualTo(531);
        double probe = cost.secondsFor(share);
        StepMath measured = new StepMath(Measured.exact(1.5 * probe), 2, 1024);
        assertThat(measured.factor(cost)).isCloseTo(1.5, within(1e-12));
        assertThatThrownBy(() -> new StepMath(Measured.exact(1e-3), 0, 1024))
                .hasMessage("partitions and batch must be positive, got 0 and 1024");
    }

    @Test
    void refusesUnorderedChunkSizes() {
        assertThatThrownBy(() -> new MathCost(new int[] {64, 8}, new Measured[] {m(1), m(1)}, 256))
                .hasMessage("chunk sizes must increase: [64, 8]");
    }
}
