package io.dpnet.optim;

import java.io.Serializable;

/**
 * The learning-rate schedule's settings, parsed once from the config: everything but the run's
 * length, which the trainer knows only once it has counted the training set.
 *
 * @param kind         {@code constant}, {@code step} or {@code cosine}
 * @param baseRate     the rate after warmup, already multiplied by any batch-size scaling
 * @param minRate      the cosine schedule's final rate, scaled like {@code baseRate}
 */
public record ScheduleSpec(String kind, double baseRate, double gamma, double stepEpochs, double minRate,
                           double warmupEpochs) implements Serializable {

    /** The schedule of a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
    public LearningRateSchedule build(long stepsPerEpoch, int epochs) {
        return LearningRateSchedule.of(kind, baseRate, gamma, stepEpochs, minRate, warmupEpochs, stepsPerEpoch,
                epochs);
    }
}
