/**
 * The Spark ML Pipeline API: {@code DenseNetClassifier} / {@code DenseNetClassificationModel}, their
 * params (one per config key) and persistence. Top layer beside {@code cli}; nothing but the
 * examples imports it.
 */
package io.dpnet.ml;
