/**
 * Data formats and sample orders, without Spark: IDX files (headers, readers, layouts), LIBSVM and
 * CSV line parsing with file:line errors, input specs, SHA-256 checksums, the seeded per-epoch
 * sample order over global indices and the train/validation split.
 *
 * <p>Imports nothing of dpnet (Hadoop's FileSystem only).
 */
package io.dpnet.data;
