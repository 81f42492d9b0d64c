package io.dpnet.plan;

/**
 * The single-thread costs of the work around a step, timed with dpnet's own code outside Spark.
 *
 * @param math forward + backward per sample of the configured network (the exact double-sum path
 *     the synchronous step uses), by chunk size
 * @param gatherPerPosition a task's cost per position of the global batch: every partition walks
 *     ALL the batch's positions (sample order + shard lookup), so this does not shrink with more
 *     partitions
 * @param gatherPerRow per row a partition copies into its batch buffer (bytes to floats)
 * @param driverPerParam the driver's update per parameter: finite check, mean, optimizer step
 */
public record ComputeCosts(MathCost math, Measured gatherPerPosition, Measured gatherPerRow,
                           Measured driverPerParam) {
}
