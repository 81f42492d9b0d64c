/**
 * The distributed engine's scoring side: evaluation over a sharded set, batch prediction, and the
 * search for the most confident mistakes.
 *
 * <p>May import {@code spark.input}, {@code eval}, {@code data}, {@code nn} and Spark.
 */
package io.dpnet.spark.score;
