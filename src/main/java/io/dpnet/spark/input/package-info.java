/**
 * The distributed engine's input side: every data format into cached {@link io.dpnet.spark.input.ShardedData}
 * (IDX bytes, dense or CSR rows), one entry point for a run's sets
 * ({@link io.dpnet.spark.input.TrainingSets}), and the executor-side gathering of a batch's rows
 * into reused buffers ({@link io.dpnet.spark.input.ShardGather}, {@link io.dpnet.spark.input.ExecutorWorkspaces}),
 * and tabular rows for block networks ({@link io.dpnet.spark.input.TabularShards}: numeric, categorical
 * and token-bag columns, column-blocked per partition).
 *
 * <p>May import {@code config}, {@code data}, {@code nn} and Spark.
 */
package io.dpnet.spark.input;
