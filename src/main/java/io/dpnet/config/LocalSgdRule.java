package io.dpnet.config;

import java.util.Locale;
import java.util.Optional;

/**
 * When local SGD ({@code sync=average}) is known to lose accuracy against synchronous SGD, said
 * in config terms so that every front end — {@code dpnet train}, the Pipeline API's {@code fit} —
 * can print the same one line before training starts.
 *
 * <p>What is known (docs/local-sgd.md, measured with scripts/bench-local-sgd.sh on MNIST, Adam,
 * batch 256, 8 epochs): the loss grows with the partition count at a fixed {@code sync.localSteps}
 * k, because each partition's local step sees only {@code batchSize/P} samples, and the noisier
 * its steps, the further the replicas drift apart between two averages — most of all in the first
 * epoch, when the rate is high and the weights move fast. Synchronous first epochs
 * ({@code sync.localAfterEpochs}, post-local SGD) remove that early drift.
 *
 * <p>The rule: local steps on fewer than {@link #MIN_LOCAL_BATCH} samples per partition, from the
 * first epoch on, are known to lose accuracy; {@link #SAFE_SYNC_EPOCHS} synchronous epochs first
 * keep it. The thresholds are the measured boundary, not a model: other data and networks may
 * move it, which is why this warns and never changes the configuration.
 */
public final class LocalSgdRule {
    /** Smallest per-partition share of a step (batchSize / partitions) measured to keep accuracy from epoch 1. */
    public static final int MIN_LOCAL_BATCH = 128;
    /** Synchronous first epochs measured to keep accuracy below {@link #MIN_LOCAL_BATCH}. */
    public static final int SAFE_SYNC_EPOCHS = 1;

    private LocalSgdRule() {
    }

    /**
     * The one-line warning for {@code config} trained on {@code partitions} partitions (the
     * resolved count, not {@code 0}), or empty when the setting is not known to lose accuracy.
     */
    public static Optional<String> accuracyWarning(TrainConfig config, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be resolved to a positive count, got " + partitions);
        }
        if (config.syncMode() != TrainConfig.SyncMode.AVERAGE || config.localSteps() == 1
                || config.localAfterEpochs() >= Math.min(SAFE_SYNC_EPOCHS, config.epochs())) {
            return Optional.empty();
        }
        double localBatch = (double) config.batchSize() / partitions;
        if (localBatch >= MIN_LOCAL_BATCH) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "local SGD from the first epoch with %s samples per partition "
                + "per step (batchSize %d / %d partitions, below %d) is known to lose accuracy against synchronous "
                + "SGD; set sync.localAfterEpochs=%d (synchronous first), or use fewer partitions or a larger "
                + "batchSize (docs/local-sgd.md)", trim(localBatch), config.batchSize(), partitions, MIN_LOCAL_BATCH,
                SAFE_SYNC_EPOCHS));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
