package io.dpnet.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The real step's correction: what its time leaves beyond the model's own terms of the same round. */
class RoundFitTest {
    // base 10 ms, 1 ms per task, 3 ms per extra wave, 2 ns per broadcast byte, 0.5 ns per result byte once, 1 ns each.
    private final RoundFit fit = new RoundFit(10e-3, 1e-3, 3e-3, 2e-9, 0.5e-9, 1e-9);

    @Test
    void aStepWithoutMathIsTheBareJobPlusItsBroadcastAndResults() {
        int params = 100_000;
        // 2 tasks on 2 slots: one wave; 400 kB broadcast; two 800 kB results.
        double expected = 10e-3 + 2 * 1e-3 + 2e-9 * 400_000 + (0.5e-9 + 2 * 1e-9) * 800_000;
        assertThat(fit.stepWithoutMath(2, 2, params)).isCloseTo(expected, within(1e-15));
        // 3 tasks on 2 slots: a second wave.
        assertThat(fit.stepWithoutMath(3, 2, params) - fit.stepWithoutMath(2, 2, params))
                .isCloseTo(1e-3 + 3e-3 + 1e-9 * 800_000, within(1e-15));
    }

    @Test
    void theExtraIsWhatTheStepLeavesAfterItsMathAndTheModelledTerms() {
        int params = 100_000;
        double modelled = fit.stepWithoutMath(2, 2, params);
        assertThat(fit.realStepExtra(modelled + 7e-3 + 0.4e-3, 0.4e-3, 2, 2, params)).isCloseTo(7e-3, within(1e-15));
        // A step cheaper than the model's terms gives a negative correction, not a clipped zero.
        assertThat(fit.realStepExtra(modelled - 1e-3, 0, 2, 2, params)).isCloseTo(-1e-3, within(1e-15));
    }
}
