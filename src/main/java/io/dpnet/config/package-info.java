/**
 * The training configuration: every key with its default and description in one table
 * ({@link io.dpnet.config.TrainConfig#KEYS}), parsed once into typed, immutable sections
 * ({@link io.dpnet.train.TrainingPlan}, {@link io.dpnet.config.DataConfig},
 * {@link io.dpnet.config.CheckpointPolicy}). Nothing outside this package reads a key by name.
 *
 * <p>May import {@code nn}, {@code optim}, {@code train} and {@code data}; never Spark.
 */
package io.dpnet.config;
