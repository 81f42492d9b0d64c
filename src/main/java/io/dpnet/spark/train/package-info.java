/**
 * The distributed engine's training side: the loop ({@link io.dpnet.spark.train.DistributedTrainer})
 * taking one {@link io.dpnet.spark.train.TrainRequest}, and its Spark jobs behind one interface — the
 * synchronous step and the local-SGD round; and {@link io.dpnet.spark.train.BlockTrainer} for block
 * networks (input block + dense stack), sparse row gradients up and table row deltas down; and the
 * timers {@code dpnet plan} calibrates with, which run these steps as training does
 * ({@link io.dpnet.spark.train.JobStepTimer}, {@link io.dpnet.spark.train.ResidentStepTimer}).
 *
 * <p>May import {@code spark.input}, {@code spark.score}, {@code train}, {@code config} and below, and Spark.
 */
package io.dpnet.spark.train;
