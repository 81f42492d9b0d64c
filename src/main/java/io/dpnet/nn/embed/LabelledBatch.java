package io.dpnet.nn.embed;

import io.dpnet.nn.BatchLoss;

/** A batch of input rows and the loss bound to their targets (indexed by the same rows). */
public record LabelledBatch(InputBatch inputs, BatchLoss loss) {
}
