/**
 * Evaluation results that do not depend on how they were computed: confusion matrices, the
 * summed figures partitions return, evaluation reports and summaries, the top-k misclassified
 * samples.
 *
 * <p>May import {@code model}, {@code nn} and {@code data}; never Spark.
 */
package io.dpnet.eval;
