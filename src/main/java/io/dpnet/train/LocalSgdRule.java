package io.dpnet.train;

import java.util.Locale;
import java.util.Optional;

/**
 * When local SGD ({@code sync=average}) is known to lose accuracy against synchronous SGD, said
 * in training-plan terms so that every front end — {@code dpnet train}, the Pipeline API's {@code fit} —
 * prints the same one line before training starts.
 *
 * <p>What is known (docs/local-sgd.md, measured with scripts/bench-local-sgd.sh on MNIST, Adam,
 * batch 256, 8 epochs): every partition is a replica whose local steps see only
 * {@code batchSize/P} samples; with 128 per step (P = 2) local SGD ends within 0.1 point of
 * synchronous SGD for every measured {@code sync.localSteps}, with 32 (P = 8) and 16 (P = 16) it
 * ends 0.4–0.8 points lower for every measured k (8–32); with 64 (P = 4) 0.16–0.27 lower. Small local
 * batches make each replica's Adam steps noisy, and averaging the replicas afterwards does not undo
 * the noisier path. Synchronous first epochs (post-local SGD, {@code sync.localAfterEpochs}) take
 * the first, fastest-moving epochs out of it: at P = 16, one brings the loss to 0.33 points, two
 * to 0.17–0.20.
 *
 * <p>The rule: a replica's share of a step must be at least {@link #MIN_LOCAL_BATCH} samples, or
 * the first {@link #SAFE_SYNC_EPOCHS} epochs synchronous (measured down to
 * {@link #MIN_POST_LOCAL_BATCH} samples per partition). The thresholds are the measured boundary,
 * not a model — other data and networks may move it — which is why this warns and never changes
 * the configuration.
 */
public final class LocalSgdRule {
    /** Smallest per-partition share of a step (batchSize / partitions) measured to keep accuracy. */
    public static final int MIN_LOCAL_BATCH = 128;
    /** Synchronous first epochs measured to keep accuracy (within 0.2 points) below {@link #MIN_LOCAL_BATCH}. */
    public static final int SAFE_SYNC_EPOCHS = 2;
    /** Smallest per-partition share of a step at which {@link #SAFE_SYNC_EPOCHS} was measured. */
    public static final int MIN_POST_LOCAL_BATCH = 16;

    private LocalSgdRule() {
    }

    /**
     * The one-line warning for {@code plan} trained on {@code partitions} partitions (the
     * resolved count, not {@code 0}), or empty when the setting is not known to lose accuracy.
     */
    public static Optional<String> accuracyWarning(TrainingPlan plan, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be resolved to a positive count, got " + partitions);
        }
        // One partition is one replica: its local steps are the global steps, exactly synchronous SGD.
        if (plan.sync() != TrainingPlan.SyncMode.AVERAGE || plan.localSteps() == 1 || partitions == 1) {
            return Optional.empty();
        }
        double localBatch = (double) plan.batchSize() / partitions;
        boolean postLocal = plan.localAfterEpochs() >= Math.min(SAFE_SYNC_EPOCHS, plan.epochs());
        if (localBatch >= MIN_LOCAL_BATCH || (postLocal && localBatch >= MIN_POST_LOCAL_BATCH)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "local SGD with %s samples per partition per step (batchSize "
                + "%d / %d partitions) is known to lose accuracy against synchronous SGD below %d; use sync=sync, "
                + "sync.localAfterEpochs=%d, partitions <= %d, or batchSize >= %d (docs/local-sgd.md)",
                trim(localBatch), plan.batchSize(), partitions, MIN_LOCAL_BATCH, SAFE_SYNC_EPOCHS,
                Math.max(1, plan.batchSize() / MIN_LOCAL_BATCH), MIN_LOCAL_BATCH * partitions));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
