/**
 * Deterministic image deformations for data augmentation (the MNIST-8M-like generator of issue
 * #14): a random affine map plus an elastic displacement field (Simard, Steinkraus &amp; Platt
 * 2003), sampled bilinearly, keyed by (seed, image index, variant index) through a counter-based
 * generator so the output bytes never depend on partitioning or thread order.
 *
 * <p>Owns the deformation math only; it reads and writes no files. Imports nothing of dpnet and
 * nothing of Spark (the JDK only), so executors, tests and benchmarks use it alike.
 */
package io.dpnet.data.augment;
