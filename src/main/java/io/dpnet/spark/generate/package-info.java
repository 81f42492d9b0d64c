/**
 * The {@code dpnet generate} Spark job: writes an MNIST-8M-like set (every original image, then
 * its deformed variants, in global index order) as IDX and/or Parquet to any Hadoop path, with
 * one task per range of original images, SHA-256 sums and atomic publication.
 *
 * <p>May import data (and data.augment), model (atomic publication) and spark (the Kryo setup);
 * nothing of training, config or the CLI. Only cli uses it.
 */
package io.dpnet.spark.generate;
