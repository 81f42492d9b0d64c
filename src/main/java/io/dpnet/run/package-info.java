/**
 * Services the CLI and the Pipeline API share: what a trained model records about its training,
 * and the end-of-training report (which starts the misclassified search, then writes the report).
 *
 * <p>May import everything but {@code cli}, {@code ml} and {@code examples}.
 */
package io.dpnet.run;
