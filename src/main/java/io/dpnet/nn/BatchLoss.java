package io.dpnet.nn;

/**
 * A training loss bound to a block of targets (and weights): after {@link Sequential#forward},
 * it scores rows {@code [firstRow, firstRow + rows)} of its targets against the workspace's
 * output, writes dL/dZ of the output layer into {@link Workspace#outputGradient()} and returns
 * the weighted loss sum and weight total. The gradient it writes is that of the weighted SUM,
 * like {@link Sequential#gradient}: the driver divides by {@link LossSum#weight()} summed over
 * the global batch.
 */
public interface BatchLoss {
    LossSum apply(Workspace ws, int firstRow, int rows);
}
