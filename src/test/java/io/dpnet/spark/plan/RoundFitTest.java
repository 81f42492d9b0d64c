package io.dpnet.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The real step's own cost is taken against the constants the model uses, so the model gives the real step back. */
class RoundFitTest {
    @Test
    void theModelGivesBackTheMeanRealStepItWasCalibratedOn() {
        int partitions = 2;
        int slots = 2;
        int params = 269_322;
        // Summarized constants as SparkProbe keeps them (per-task and per-result means clipped to 0).
        RoundFit model = new RoundFit(0.017, 0.0, 0.0, 16e-9 / 1e3, 0.0, 2.8e-9);
        double[] step = {0.041, 0.058, 0.035, 0.090};
        double[] math = {0.0004, 0.0006, 0.0005, 0.0004};
        double[] extra = model.realStepExtras(step, math, partitions, slots, params);
        double meanExtra = (extra[0] + extra[1] + extra[2] + extra[3]) / 4;
        double meanStepBesideMath = (step[0] - math[0] + step[1] - math[1] + step[2] - math[2] + step[3] - math[3]) / 4;
        assertThat(model.stepWithoutMath(partitions, slots, params) + meanExtra)
                .isCloseTo(meanStepBesideMath, within(1e-15));
        // Each round's extra is that round's step beside its math, minus the same model terms.
        double terms = 0.017 + 16e-12 * 4.0 * params + 2 * 2.8e-9 * 8.0 * params;
        assertThat(extra[3]).isCloseTo(0.090 - 0.0004 - terms, within(1e-15));
    }
}
