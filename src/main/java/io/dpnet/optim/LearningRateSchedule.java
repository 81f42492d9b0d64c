package io.dpnet.optim;

import java.io.Serializable;
import java.util.Locale;

/**
 * The learning rate as a function of the global optimizer step, fixed at construction for a
 * known number of steps ({@code epochs × stepsPerEpoch}). The trainer asks for
 * {@link #rate(long)} before each {@link Optimizer#step}.
 *
 * <p>Kinds (config key {@code lr.schedule}), each with an optional linear warmup:
 * <ul>
 *   <li>{@code constant}: {@code base}.</li>
 *   <li>{@code step}: {@code base·gamma^⌊step / S⌋} with {@code S = round(stepEpochs·stepsPerEpoch)}
 *       steps (at least 1). Boundaries are counted from step 0, i.e. on global epochs, also when
 *       there is a warmup (as in "warm up for 2 epochs, decay at epochs 5 and 10").</li>
 *   <li>{@code cosine}: {@code min + (base−min)·½(1+cos(π·t/T))}, {@code t = step − W} counted
 *       after the warmup, {@code T = totalSteps − W}; so {@code rate(totalSteps) = minRate} and
 *       the rate stays at {@code minRate} beyond.</li>
 * </ul>
 * Warmup: {@code W = round(warmupEpochs·stepsPerEpoch)} steps (capped at {@code totalSteps − 1});
 * for {@code step < W} the rate is {@code base/W·(step+1)}, so the first step is not zero and step
 * {@code W−1} reaches {@code base}. The decay rule applies from step {@code W} on.
 */
public interface LearningRateSchedule extends Serializable {

    /** Default of {@code lr.schedule}. */
    String DEFAULT_KIND = "constant";
    /** Default of {@code lr.gamma}: the step schedule's decay factor. */
    double DEFAULT_GAMMA = 0.1;
    /**
     * Default of {@code lr.stepEpochs}: with {@code gamma=0.1} and the default 10 epochs this is
     * one tenfold decay halfway through (an every-epoch default would shrink the rate 10^9-fold).
     */
    double DEFAULT_STEP_EPOCHS = 5;
    /** Default of {@code lr.minRate}: the cosine schedule's final rate. */
    double DEFAULT_MIN_RATE = 0;
    /** Default of {@code lr.warmupEpochs}: no warmup. */
    double DEFAULT_WARMUP_EPOCHS = 0;

    /**
     * The learning rate for the 0-based global optimizer step (steps at or beyond the total keep
     * following the rule: the step schedule keeps decaying, the cosine one stays at its minimum).
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double rate(long step);

    /**
     * One line for logs, e.g. {@code cosine(lr=0.001, minRate=0.0, warmup=469 steps, 4690 steps)};
     * numbers spelled like {@link OptimizerSpec#toString()}.
     */
    String describe();

    /** The schedule kinds; labels are the config spelling. */
    enum Kind {
        CONSTANT("constant"), STEP("step"), COSINE("cosine");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Parses {@code constant}, {@code step} or {@code cosine} (case-insensitive, trimmed). */
        public static Kind parse(String text) {
            String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.label.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown lr.schedule '" + text + "' (expected constant, step or cosine)");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Builds and validates a schedule. Every argument is validated whatever the kind (those the
     * kind does not use are then ignored), with messages naming the config key and value.
     *
     * @param kind          {@code lr.schedule}: constant, step or cosine
     * @param baseRate      {@code learningRate}: positive, finite
     * @param gamma         {@code lr.gamma}: in (0, 1]
     * @param stepEpochs    {@code lr.stepEpochs}: positive, finite; may be fractional
     * @param minRate       {@code lr.minRate}: in [0, baseRate]
     * @param warmupEpochs  {@code lr.warmupEpochs}: in [0, epochs); may be fractional
     * @param stepsPerEpoch optimizer steps per epoch: positive
     * @param epochs        {@code epochs}: positive
     * @throws IllegalArgumentException naming the first invalid key and its value
     */
    static LearningRateSchedule of(String kind, double baseRate, double gamma, double stepEpochs, double minRate,
            double warmupEpochs, long stepsPerEpoch, int epochs) {
        return new StandardSchedule(Kind.parse(kind), baseRate, gamma, stepEpochs, minRate, warmupEpochs,
                stepsPerEpoch, epochs);
    }

    /** A constant rate without warmup (the behaviour before schedules existed). */
    static LearningRateSchedule constant(double baseRate, long stepsPerEpoch, int epochs) {
        return of(DEFAULT_KIND, baseRate, DEFAULT_GAMMA, DEFAULT_STEP_EPOCHS, DEFAULT_MIN_RATE,
                DEFAULT_WARMUP_EPOCHS, stepsPerEpoch, epochs);
    }
}
