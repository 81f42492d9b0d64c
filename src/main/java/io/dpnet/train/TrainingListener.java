package io.dpnet.train;


/** Receives progress from the training loop on the driver (the distributed trainer calls it). */
public interface TrainingListener {
    /**
     * After every step. Running figures cover the epoch so far.
     *
     * @param step 1-based step within the epoch
     */
    default void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch,
                        double runningLoss, double runningAccuracy, double epochSeconds) {
    }

    /** After each epoch (and its evaluation, if one was due). */
    default void onEpoch(EpochMetrics metrics) {
    }

    TrainingListener NONE = new TrainingListener() {
    };

    /** Tells {@code first}, then {@code second}. */
    static TrainingListener both(TrainingListener first, TrainingListener second) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch,
                               double runningLoss, double runningAccuracy, double epochSeconds) {
                first.onStep(epoch, step, stepsInEpoch, samplesDone, samplesInEpoch, runningLoss, runningAccuracy,
                        epochSeconds);
                second.onStep(epoch, step, stepsInEpoch, samplesDone, samplesInEpoch, runningLoss, runningAccuracy,
                        epochSeconds);
            }

            @Override
            public void onEpoch(EpochMetrics metrics) {
                first.onEpoch(metrics);
                second.onEpoch(metrics);
            }
        };
    }
}
