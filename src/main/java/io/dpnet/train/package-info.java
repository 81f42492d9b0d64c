/**
 * The training loop's Spark-free parts: its typed settings ({@link io.dpnet.train.TrainingPlan}),
 * the one {@link io.dpnet.train.UpdateRule} every path applies, the partition results that are
 * summed ({@link io.dpnet.train.GradientSum}, {@link io.dpnet.train.ParamSum}), early stopping,
 * checkpoint state and contract, per-epoch metrics and the listener interface.
 *
 * <p>May import {@code nn} and {@code optim}; never Spark, config or anything above.
 */
package io.dpnet.train;
