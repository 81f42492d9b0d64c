/**
 * The generated click-log set of issue #12 (the scale test for embedding networks): a seeded
 * ground-truth rule over three categorical columns with Zipf-like id popularity and a few numeric
 * columns, a per-row generator keyed by (seed, global row index) so the rows never depend on how
 * the work is split, and the rule's Bayes-optimal accuracy/AUC as the ceiling a trained model is
 * compared with.
 *
 * <p>Owns the math and the statistics only; it reads and writes no files (the Spark job in
 * {@code spark.generate} writes the Parquet parts). Imports the JDK and {@code data.augment}'s
 * counter-based generator; nothing of Spark.
 */
package io.dpnet.data.clicklog;
