package io.dpnet.train;

import io.dpnet.nn.Dropout;
import io.dpnet.nn.Init;
import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.OptimizerSpec;
import io.dpnet.optim.ScheduleSpec;

/**
 * Everything the training loop needs to know, typed and validated once (the config builds it;
 * tests and the Pipeline API get it from a config too). Spark-free, like the rest of this package:
 * {@code kernel} and {@code treeDepth} are plain values the distributed engine reads.
 *
 * @param sync             how partitions are kept in step
 * @param localSteps       local steps per parameter average (1 for {@link SyncMode#SYNC})
 * @param localAfterEpochs with {@link SyncMode#AVERAGE}: the first this many epochs are synchronous
 *                         (post-local SGD), local SGD starts after them
 * @param evalEvery        test-set evaluation every N epochs (0: only after the last)
 * @param validationFraction seeded share of the training set held out for validation (0: none)
 * @param pipeline         synchronous steps keep two steps in flight (a one-step delayed gradient)
 * @param engine           how synchronous steps are run: a Spark job each, or a resident job per epoch
 */
public record TrainingPlan(ModelSpec model, Dropout dropout, Init init, OptimizerSpec optimizer,
                           ScheduleSpec schedule, int epochs, int batchSize, long seed, SyncMode sync,
                           int localSteps, int localAfterEpochs, int evalEvery, double validationFraction,
                           EarlyStopping.Policy earlyStopping, String kernel, int treeDepth,
                           boolean pipeline, StepEngine engine) {
    /**
     * Most rows one forward/backward pass handles: a task's share of a mini-batch is done in chunks
     * of at most this many, and its workspace is sized for one chunk. Every engine (synchronous,
     * resident, local SGD, block) and the cost model of {@code dpnet plan} read it here, so a step's
     * passes — and with them the floating-point sums — are the same whichever engine runs it.
     */
    public static final int MAX_CHUNK_ROWS = 256;

    /** Rows per pass of a step over batch positions {@code [from, to)}. */
    public static int chunkRows(long from, long to) {
        return (int) Math.min(MAX_CHUNK_ROWS, to - from);
    }


    /** How partitions are kept in step: every step ({@code sync}) or by parameter averaging ({@code average}). */
    public enum SyncMode {
        SYNC, AVERAGE
    }

    /**
     * How synchronous steps reach the partitions ({@code sync.engine}): one Spark job per step
     * ({@code JOBS}), one barrier job per epoch whose tasks stay resident and exchange sums and
     * weights with the driver in memory ({@code RESIDENT}), or resident where it applies ({@code AUTO}).
     */
    public enum StepEngine {
        AUTO, JOBS, RESIDENT
    }

    /** Whether epoch {@code epoch} (1-based) runs local-SGD rounds rather than synchronous steps. */
    public boolean averagesIn(int epoch) {
        return sync == SyncMode.AVERAGE && epoch > localAfterEpochs;
    }

    public UpdateRule updateRule() {
        return new UpdateRule(model, optimizer.weightDecay());
    }

    /** Seeded initial parameters. */
    public float[] initialParams() {
        return new io.dpnet.nn.Sequential(model).initParams(init, seed);
    }
}
