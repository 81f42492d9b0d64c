package io.dpnet.plan;

/**
 * What a resident step (one barrier job per epoch, {@code sync.engine=resident}) costs beside its
 * math and the driver's update, measured with real resident steps at a tiny batch on one transport:
 * the driver's in-memory exchange with task threads (local mode), or Spark RPC with tasks that ask
 * the driver for every step (a cluster; or local mode with the RPC transport forced, where Spark
 * hands the messages over without serializing them).
 *
 * @param stepFixed seconds per step whatever the partition count: publishing the step, waking the
 *     tasks, their hand-in, the driver's wake-up (on RPC: a round trip through Spark's dispatcher,
 *     the step's weights encoded once)
 * @param perPartitionPerParam seconds per partition and parameter on the driver, one partition
 *     after another: the sum's merge (and on RPC its decode, and the weights' reply per task)
 * @param transport "in memory" or "Spark RPC"
 * @param fitted true when {@link #perPartitionPerParam} is the slope between steps on 1 and on
 *     several partitions; false on one slot, where it is the driver's per-partition work timed alone
 * @param inProcess whether the tasks ran in the driver's JVM (local mode), so executor JVMs would
 *     add the messages' serialization
 * @param jobStart what the first step of a barrier job takes beyond a step (the job's launch, its
 *     tasks' set-up), measured on {@code partitions} partitions: paid once per epoch
 * @param partitions the partitions {@link #jobStart} was measured on (every slot)
 * @param messageSerializePerByte Java serialization and deserialization of a {@code byte[]}
 *     message, per byte, timed alone on the driver: what Spark's RPC does to every message between
 *     JVMs and skips inside one; added per message byte when predicting executor JVMs from
 *     in-process constants (0 when not measured)
 * @param atBatchExtra what a real resident step at the configured batch on {@link #partitions}
 *     costs beside its tasks' forward/backward beyond what the tiny-batch constants, the gather and
 *     the driver's update predict for it — the step's exchange and update meeting caches the math
 *     has just evicted, and the tasks' and the driver's threads meeting each other on the cores;
 *     added to every step of this transport (0 when not measured). Measured on the mode's own
 *     transport only: in local mode the table's Spark RPC constants do not get it.
 */
public record ResidentCosts(Measured stepFixed, Measured perPartitionPerParam, String transport, boolean fitted,
                           boolean inProcess, Measured jobStart, int partitions,
                           Measured messageSerializePerByte, Measured atBatchExtra) {

    /** Constants from tiny-batch steps alone (no correction at the configured batch). */
    public ResidentCosts(Measured stepFixed, Measured perPartitionPerParam, String transport, boolean fitted,
                         boolean inProcess, Measured jobStart, int partitions, Measured messageSerializePerByte) {
        this(stepFixed, perPartitionPerParam, transport, fitted, inProcess, jobStart, partitions,
                messageSerializePerByte, Measured.exact(0));
    }

    public ResidentCosts withAtBatchExtra(Measured extra) {
        return new ResidentCosts(stepFixed, perPartitionPerParam, transport, fitted, inProcess, jobStart, partitions,
                messageSerializePerByte, extra);
    }
}
