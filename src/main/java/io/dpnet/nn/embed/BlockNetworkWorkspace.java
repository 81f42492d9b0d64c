package io.dpnet.nn.embed;

import io.dpnet.nn.Workspace;

/**
 * Buffers of one {@link BlockNetwork} pass, sized once for a maximum batch and reused: the
 * block's output X ({@code maxRows × width}), the dense stack's {@link Workspace} (whose
 * {@link Workspace#inputGradient()} is dL/dX) and the block's scatter scratch. One per thread.
 */
public final class BlockNetworkWorkspace {
    final float[] blockInput;
    final Workspace dense;
    final BlockWorkspace block;

    BlockNetworkWorkspace(InputBlockSpec spec, Workspace dense) {
        this.dense = dense;
        this.blockInput = new float[dense.maxRows() * spec.width()];
        this.block = new BlockWorkspace(dense.maxRows());
    }

    /** X of the last pass, {@code rows × width} (the dense stack's input). */
    public float[] blockInput() {
        return blockInput;
    }

    public Workspace dense() {
        return dense;
    }

    public BlockWorkspace block() {
        return block;
    }
}
