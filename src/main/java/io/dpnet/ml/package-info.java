/**
 * The Spark ML Pipeline API: {@code DenseNetClassifier} / {@code DenseNetClassificationModel},
 * {@code DenseNetRegressor} / {@code DenseNetRegressionModel}, their shared params (training params,
 * one per config key; input-block params for categorical, token and weight columns) and persistence. Top layer beside {@code cli}; nothing but the
 * examples imports it.
 */
package io.dpnet.ml;
