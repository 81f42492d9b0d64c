/**
 * The math core: dense layers over one flat float32 parameter vector with per-layer views
 * ({@link io.dpnet.nn.ModelSpec}, {@link io.dpnet.nn.Sequential}), activations, fused
 * softmax cross-entropy and MSE, initialization, dropout, and the matrix kernels behind
 * {@link io.dpnet.nn.Gemm} (EJML reference, plain Java, JDK Vector API). Caller-supplied outputs and
 * reused {@link io.dpnet.nn.Workspace}s keep the hot path free of allocation. Weighted losses
 * ({@link io.dpnet.nn.RegressionLoss} MSE/Huber, {@link io.dpnet.nn.WeightedCrossEntropy}) plug in
 * through {@link io.dpnet.nn.BatchLoss}; {@code io.dpnet.nn.embed} puts an embedding input block in
 * front of the dense stack.
 *
 * <p>Imports nothing of dpnet: it is the bottom layer.
 */
package io.dpnet.nn;
