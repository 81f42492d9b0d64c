package io.dpnet.plan;

/**
 * What a Spark job costs beside the math, measured with bare jobs on a cached RDD in one mode and
 * calibrated against real steps on the training shards (see {@code spark.plan.SparkProbe}).
 * Seconds, or seconds per byte.
 *
 * @param jobBase a single-stage treeAggregate with tiny payloads: the intercept of a + b·tasks
 * @param jobPerTask its slope: the driver's scheduling, launch and result handling per task
 * @param jobPerWave what each further wave of tasks adds when there are more tasks than slots
 *     (a task's end, the next one's launch); 0 when measured on one slot, where it cannot be told
 *     apart from the per-task cost
 * @param broadcastPerByte extra time per broadcast byte read by every task (driver create and
 *     destroy; with executor JVMs also their fetch and deserialization)
 * @param resultPerByteOnce extra time per task-result byte paid once per step (the executors
 *     serialize their results in parallel)
 * @param resultPerBytePerResult extra time per result byte paid for every result reaching the
 *     driver (deserialized and merged one after another)
 * @param treeLevel the fixed cost of one treeAggregate level (a shuffle stage)
 * @param shufflePerByte per byte a map task writes into a treeAggregate level
 * @param deserializePerByte Kryo deserialization of a float[] per byte, timed alone: what an
 *     executor JVM pays per broadcast byte, added when predicting executors from in-process constants
 * @param realStepExtra what a real step's job costs beyond the bare job with the same payloads
 *     (all the terms above): real synchronous steps at a tiny batch on the real cached training
 *     shards, minus their tasks' math, minus the bare job and the broadcast and result slopes of
 *     the same round. It holds what only the real job has — its closure and the shards' lineage in
 *     the task binary, the per-step RDD, the tasks' set-up, the driver's handling of real results.
 *     Signed (a slope that over-predicts shows as a negative correction); exactly 0 when not measured
 * @param atBatchExtra what training's own steps at the configured batch, partitions and treeDepth
 *     cost beside their math beyond what all the terms above, the gather and the driver's update
 *     predict for them: real steps in epoch-long blocks, their mean. The bare jobs' constants are
 *     means of right-skewed timings over a minute of small jobs on an idle executor; a training
 *     step's job meets caches the math has just evicted and a different mix of threads. Signed,
 *     added to every job's fixed cost (here and in the table); exactly 0 when not measured
 */
public record SparkCosts(Measured jobBase, Measured jobPerTask, Measured jobPerWave, Measured broadcastPerByte,
                         Measured resultPerByteOnce, Measured resultPerBytePerResult, Measured treeLevel,
                         Measured shufflePerByte, Measured deserializePerByte, Measured realStepExtra,
                         Measured atBatchExtra) {

    /** Constants from bare jobs and tiny real steps alone (no correction at the configured batch). */
    public SparkCosts(Measured jobBase, Measured jobPerTask, Measured jobPerWave, Measured broadcastPerByte,
                      Measured resultPerByteOnce, Measured resultPerBytePerResult, Measured treeLevel,
                      Measured shufflePerByte, Measured deserializePerByte, Measured realStepExtra) {
        this(jobBase, jobPerTask, jobPerWave, broadcastPerByte, resultPerByteOnce, resultPerBytePerResult, treeLevel,
                shufflePerByte, deserializePerByte, realStepExtra, Measured.exact(0));
    }

    public SparkCosts withAtBatchExtra(Measured extra) {
        return new SparkCosts(jobBase, jobPerTask, jobPerWave, broadcastPerByte, resultPerByteOnce,
                resultPerBytePerResult, treeLevel, shufflePerByte, deserializePerByte, realStepExtra, extra);
    }
}
