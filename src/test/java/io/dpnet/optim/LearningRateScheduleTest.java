package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearningRateScheduleTest {
    private static final double EPS = 1e-12;

    /** kind, base, gamma, stepEpochs, minRate, warmupEpochs, stepsPerEpoch, epochs. */
    private static LearningRateSchedule of(String kind, double base, double gamma, double stepEpochs,
            double minRate, double warmupEpochs, long stepsPerEpoch, int epochs) {
        return LearningRateSchedule.of(kind, base, gamma, stepEpochs, minRate, warmupEpochs, stepsPerEpoch, epochs);
    }

    private static void assertRates(LearningRateSchedule s, long[] steps, double[] expected) {
        for (int i = 0; i < steps.length; i++) {
            assertThat(s.rate(steps[i])).as("rate(%d) of %s", steps[i], s.describe()).isCloseTo(expected[i],
                    within(EPS));
        }
    }

    @Test
    void constantIsTheBaseRateEverywhere() {
        LearningRateSchedule s = of("constant", 0.01, 0.1, 5, 0, 0, 10, 3);
        assertRates(s, new long[] {0, 1, 29, 30, 1000}, new double[] {0.01, 0.01, 0.01, 0.01, 0.01});
        assertThat(s.rate(17)).isEqualTo(0.01);
        assertThat(LearningRateSchedule.constant(0.01, 10, 3).rate(5)).isEqualTo(0.01);
    }

    @Test
    void stepDecaysAtEpochBoundaries() {
        // stepEpochs=2 with 10 steps per epoch: a decay every 20 steps.
        LearningRateSchedule s = of("step", 0.1, 0.5, 2, 0, 0, 10, 6);
        assertRates(s, new long[] {0, 19, 20, 39, 40, 59, 60},
                new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125});
    }

    @Test
    void stepWithGammaOneIsConstant() {
        LearningRateSchedule s = of("step", 0.1, 1, 1, 0, 0, 10, 6);
        assertRates(s, new long[] {0, 10, 59}, new double[] {0.1, 0.1, 0.1});
    }

    @Test
    void fractionalStepEpochsRoundToSteps() {
        // 0.25 epochs × 10 steps = 2.5 → 3 steps.
        LearningRateSchedule s = of("step", 0.1, 0.1, 0.25, 0, 0, 10, 1);
        assertRates(s, new long[] {0, 2, 3, 5, 6}, new double[] {0.1, 0.1, 0.01, 0.01, 0.001});
        assertThat(((StandardSchedule) s).decaySteps()).isEqualTo(3);
        // Tiny stepEpochs still decays at most once per step.
        assertThat(((StandardSchedule) of("step", 0.1, 0.1, 0.01, 0, 0, 10, 1)).decaySteps()).isEqualTo(1);
    }

    @Test
    void cosineAnnealsFromBaseToMinRate() {
        // 2 epochs × 2 steps: T = 4.
        LearningRateSchedule s = of("cosine", 1.0, 0.1, 5, 0, 0, 2, 2);
        double c = Math.sqrt(0.5) / 2; // ½·cos(π/4)
        assertRates(s, new long[] {0, 1, 2, 3}, new double[] {1.0, 0.5 + c, 0.5, 0.5 - c});
        assertThat(s.rate(4)).isEqualTo(0.0);
        assertThat(s.rate(100)).isEqualTo(0.0);
    }

    @Test
    void cosineEndsExactlyAtMinRate() {
        LearningRateSchedule s = of("cosine", 0.5, 0.1, 5, 0.1, 0, 2, 2);
        assertRates(s, new long[] {0, 2}, new double[] {0.5, 0.3});
        assertThat(s.rate(4)).isEqualTo(0.1);
        assertThat(s.rate(5)).isEqualTo(0.1);
        // min = base is constant.
        LearningRateSchedule flat = of("cosine", 0.5, 0.1, 5, 0.5, 0, 2, 2);
        assertRates(flat, new long[] {0, 1, 3, 4}, new double[] {0.5, 0.5, 0.5, 0.5});
        // A realistic size: the last step is just above the minimum, the end is the minimum.
        LearningRateSchedule big = of("cosine", 1e-3, 0.1, 5, 1e-5, 0, 469, 10);
        assertThat(big.rate(4689)).isGreaterThan(1e-5).isCloseTo(1e-5, within(1e-9));
        assertThat(big.rate(4690)).isEqualTo(1e-5);
        assertThat(big.rate(2345)).isCloseTo(1e-5 + (1e-3 - 1e-5) / 2, within(EPS));
    }

    @Test
    void warmupRampsLinearlyStartingAboveZero() {
        // 1 epoch × 4 steps of warmup to 0.4, then cosine over the remaining 8 steps.
        LearningRateSchedule s = of("cosine", 0.4, 0.1, 5, 0, 1, 4, 3);
        assertRates(s, new long[] {0, 1, 2, 3, 4, 6, 8, 10},
                new double[] {0.1, 0.2, 0.3, 0.4, 0.4, 0.4 * 0.5 * (1 + Math.sqrt(0.5)), 0.2,
                        0.4 * 0.5 * (1 - Math.sqrt(0.5))});
        assertThat(s.rate(12)).isEqualTo(0.0);
        assertThat(((StandardSchedule) s).warmupSteps()).isEqualTo(4);
    }

    @Test
    void fractionalWarmupRoundsToSteps() {
        // 0.5 epochs × 5 steps = 2.5 → 3 warmup steps.
        LearningRateSchedule s = of("constant", 0.3, 0.1, 5, 0, 0.5, 5, 2);
        assertRates(s, new long[] {0, 1, 2, 3, 9}, new double[] {0.1, 0.2, 0.3, 0.3, 0.3});
        // 0.05 epochs × 5 steps = 0.25 → no warmup at all.
        assertThat(of("constant", 0.3, 0.1, 5, 0, 0.05, 5, 2).rate(0)).isEqualTo(0.3);
    }

    @Test
    void stepDecayBoundariesAreGlobalEpochsEvenWithWarmup() {
        // Warmup over epoch 0 (5 steps), decay every 2 epochs (10 steps) counted from step 0.
        LearningRateSchedule s = of("step", 1.0, 0.1, 2, 0, 1, 5, 5);
        assertRates(s, new long[] {0, 1, 4, 5, 9, 10, 19, 20, 24},
                new double[] {0.2, 0.4, 1.0, 1.0, 1.0, 0.1, 0.1, 0.01, 0.01});
    }

    @Test
    void warmupIsCappedSoThatOneStepRemains() {
        // 2.9 epochs × 1 step rounds to 3 = all steps; capped at 2, leaving T = 1 for the cosine.
        LearningRateSchedule s = of("cosine", 1.0, 0.1, 5, 0, 2.9, 1, 3);
        assertThat(((StandardSchedule) s).warmupSteps()).isEqualTo(2);
        assertRates(s, new long[] {0, 1, 2}, new double[] {0.5, 1.0, 1.0});
        assertThat(s.rate(3)).isEqualTo(0.0);
    }

    @Test
    void describeNamesWhatTheKindUses() {
        assertThat(of("constant", 0.001, 0.1, 5, 0, 0, 469, 10).describe())
                .isEqualTo("constant(lr=0.001, 4690 steps total)");
        assertThat(of("step", 0.1, 0.1, 5, 0, 0, 469, 10).describe())
                .isEqualTo("step(lr=0.1, gamma=0.1, every=2345 steps, 4690 steps total)");
        assertThat(of("cosine", 0.001, 0.1, 5, 1e-5, 1, 469, 10).describe())
                .isEqualTo("cosine(lr=0.001, minRate=1e-05, warmup=469 steps, 4690 steps total)");
        assertThat(of("cosine", 0.001, 0.1, 5, 0, 0, 469, 10)).hasToString(
                "cosine(lr=0.001, minRate=0.0, 4690 steps total)");
    }

    @Test
    void kindIsParsedCaseInsensitively() {
        assertThat(LearningRateSchedule.Kind.parse(" Cosine ")).isEqualTo(LearningRateSchedule.Kind.COSINE);
        assertThat(of("STEP", 0.1, 0.1, 5, 0, 0, 1, 1).describe()).startsWith("step(");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(LearningRateSchedule.DEFAULT_KIND).isEqualTo("constant");
        assertThat(LearningRateSchedule.DEFAULT_GAMMA).isEqualTo(0.1);
        assertThat(LearningRateSchedule.DEFAULT_STEP_EPOCHS).isEqualTo(5.0);
        assertThat(LearningRateSchedule.DEFAULT_MIN_RATE).isZero();
        assertThat(LearningRateSchedule.DEFAULT_WARMUP_EPOCHS).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo      | 0.001 | 0.1 | 5   | 0     | 0   | 10 | 3 | unknown lr.schedule 'foo' (expected constant, step or cosine)",
        "''       | 0.001 | 0.1 | 5   | 0     | 0   | 10 | 3 | unknown lr.schedule '' (expected constant, step or cosine)",
        "constant | 0     | 0.1 | 5   | 0     | 0   | 10 | 3 | learningRate must be a positive number, got 0.0",
        "constant | NaN   | 0.1 | 5   | 0     | 0   | 10 | 3 | learningRate must be a positive number, got NaN",
        "step     | 0.001 | 0   | 5   | 0     | 0   | 10 | 3 | lr.gamma must be in (0, 1], got 0.0",
        "step     | 0.001 | 1.5 | 5   | 0     | 0   | 10 | 3 | lr.gamma must be in (0, 1], got 1.5",
        "step     | 0.001 | NaN | 5   | 0     | 0   | 10 | 3 | lr.gamma must be in (0, 1], got NaN",
        "step     | 0.001 | 0.1 | 0   | 0     | 0   | 10 | 3 | lr.stepEpochs must be a positive number of epochs, got 0.0",
        "step     | 0.001 | 0.1 | -2  | 0     | 0   | 10 | 3 | lr.stepEpochs must be a positive number of epochs, got -2.0",
        "step     | 0.001 | 0.1 | Infinity | 0 | 0   | 10 | 3 | lr.stepEpochs must be a positive number of epochs, got Infinity",
        "cosine   | 0.001 | 0.1 | 5   | -0.1  | 0   | 10 | 3 | lr.minRate must be in [0, learningRate=0.001], got -0.1",
        "cosine   | 0.001 | 0.1 | 5   | 0.01  | 0   | 10 | 3 | lr.minRate must be in [0, learningRate=0.001], got 0.01",
        "cosine   | 0.001 | 0.1 | 5   | 0     | 3   | 10 | 3 | lr.warmupEpochs must be in [0, epochs=3), got 3.0",
        "cosine   | 0.001 | 0.1 | 5   | 0     | -1  | 10 | 3 | lr.warmupEpochs must be in [0, epochs=3), got -1.0",
        "cosine   | 0.001 | 0.1 | 5   | 0     | NaN | 10 | 3 | lr.warmupEpochs must be in [0, epochs=3), got NaN",
        "cosine   | 0.001 | 0.1 | 5   | 0     | 0   | 10 | 0 | epochs must be positive, got 0",
        "cosine   | 0.001 | 0.1 | 5   | 0     | 0   | 0  | 3 | stepsPerEpoch must be positive, got 0",
    })
    void invalidArgumentsNameTheKeyAndValue(String kind, double base, double gamma, double stepEpochs, double minRate,
            double warmupEpochs, long stepsPerEpoch, int epochs, String message) {
        assertThatThrownBy(() -> of(kind, base, gamma, stepEpochs, minRate, warmupEpochs, stepsPerEpoch, epochs))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void nullKindIsUnknown() {
        assertThatThrownBy(() -> of(null, 0.1, 0.1, 5, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown lr.schedule 'null' (expected constant, step or cosine)");
    }

    @Test
    void unusedArgumentsAreValidatedToo() {
        assertThatThrownBy(() -> of("constant", 0.1, 2, 5, 0, 0, 1, 1)).hasMessageStartingWith("lr.gamma");
    }

    @Test
    void negativeStepIsRejected() {
        LearningRateSchedule s = of("constant", 0.1, 0.1, 5, 0, 0, 1, 1);
        assertThatThrownBy(() -> s.rate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step must be non-negative, got -1");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        LearningRateSchedule s = of("cosine", 0.4, 0.1, 5, 0.01, 1, 4, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            LearningRateSchedule copy = (LearningRateSchedule) in.readObject();
            assertThat(copy.describe()).isEqualTo(s.describe());
            for (long step = 0; step <= 12; step++) {
                assertThat(copy.rate(step)).isEqualTo(s.rate(step));
            }
        }
    }
}
