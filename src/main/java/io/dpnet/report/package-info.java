/**
 * The run report: {@code report.html} with charts and images built from a run directory's files
 * (metrics, evaluations, misclassified samples). Reads files only; it starts no Spark job.
 *
 * <p>May import {@code eval}, {@code model} and {@code nn}.
 */
package io.dpnet.report;
