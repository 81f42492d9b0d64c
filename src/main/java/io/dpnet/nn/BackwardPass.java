package io.dpnet.nn;

/**
 * The arguments of {@link Sequential#backward(BackwardPass, Workspace)}: the parameters and the
 * input block the forward pass ran on ({@code rows × inputs} at {@code x[xOff]}), the gradient
 * sum to add into, and whether dL/dX is wanted. One small object per batch, never per sample.
 */
public record BackwardPass(float[] params, float[] x, int xOff, int rows, float[] gradSum,
                           boolean wantInputGradient) {
}
