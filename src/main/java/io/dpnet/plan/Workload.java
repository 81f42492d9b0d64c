package io.dpnet.plan;

/**
 * What one configuration asks of every synchronous step: the parameter count (a float32 broadcast
 * of 4 bytes each, a double gradient sum of 8 bytes each per result), the global batch, the
 * training samples per epoch, the configured treeAggregate depth, and how many vectors the
 * optimizer keeps per parameter (0 for SGD, 1 momentum, 2 Adam/LAMB: what a local-SGD round ships
 * besides the parameters).
 */
public record Workload(int params, int batchSize, long samples, int treeDepth, int optimizerStateVectors) {
    public Workload {
        if (params < 1 || batchSize < 1 || samples < 1 || treeDepth < 1 || optimizerStateVectors < 0) {
            throw new IllegalArgumentException("a workload needs positive params, batchSize, samples and treeDepth, got "
                    + params + ", " + batchSize + ", " + samples + ", " + treeDepth);
        }
    }

    public long stepsPerEpoch() {
        return (samples + batchSize - 1) / batchSize;
    }

    /** Bytes of the broadcast weights (Kryo float[]: 4 per parameter; its few header bytes ignored). */
    public double broadcastBytes() {
        return 4.0 * params;
    }

    /** Bytes of one task's result (a GradientSum's double[]: 8 per parameter). */
    public double resultBytes() {
        return 8.0 * params;
    }
}
