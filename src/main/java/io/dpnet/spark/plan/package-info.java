/**
 * {@code dpnet plan}'s Spark half: the probes that time bare Spark jobs on a cached RDD (fixed cost
 * by task count, broadcast and result bytes, a treeAggregate level) in whatever mode the context
 * runs, and the executor-side gather of a step's rows with dpnet's own shard code. The model that
 * uses the numbers is {@code io.dpnet.plan}.
 *
 * <p>May import {@code plan}, {@code spark.input}, {@code train}, {@code nn}, {@code data} and
 * Spark; used by {@code cli} only.
 */
package io.dpnet.spark.plan;
