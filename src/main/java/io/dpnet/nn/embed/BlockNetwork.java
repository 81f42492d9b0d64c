package io.dpnet.nn.embed;

import io.dpnet.nn.BackwardPass;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.LossSum;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;

/**
 * An {@link InputBlock} followed by a dense {@link Sequential} stack: the model of a tabular or
 * text row. A training pass is
 * <ol>
 *   <li>the block writes X (numeric | embeddings | pooled bag) into the workspace;</li>
 *   <li>the dense stack runs forward on X, the bound loss writes dL/dZ of the output layer;</li>
 *   <li>the dense backward adds the dense gradient and computes dL/dX = dL/dZ₁ · W₁ᵀ;</li>
 *   <li>the block scatters dL/dX into the touched embedding rows.</li>
 * </ol>
 * Stateless; one {@link BlockNetworkWorkspace} per thread.
 */
public final class BlockNetwork {
    private final InputBlock block;
    private final Sequential dense;

    public BlockNetwork(InputBlockSpec inputs, ModelSpec dense) {
        if (dense.inputSize() != inputs.width()) {
            throw new IllegalArgumentException("the first dense layer takes " + dense.inputSize()
                    + " inputs but the input block produces " + inputs.width() + " (" + inputs + ")");
        }
        this.block = new InputBlock(inputs);
        this.dense = new Sequential(dense);
    }

    public InputBlock block() {
        return block;
    }

    public Sequential dense() {
        return dense;
    }

    public BlockNetworkWorkspace workspace(int maxRows, Gemm gemm) {
        return new BlockNetworkWorkspace(block.spec(), dense.workspace(maxRows, gemm));
    }

    /** The network's output for the batch ({@code count × outputs} in the workspace). */
    public float[] forward(BlockParams params, InputBatch batch, BlockNetworkWorkspace ws) {
        checkRows(batch.count(), ws);
        block.forward(params.tables(), batch, ws.blockInput);
        return dense.forward(params.dense(), ws.blockInput, 0, batch.count(), ws.dense);
    }

    /**
     * Forward and backward pass: adds the batch's dense and sparse gradients (of the weighted
     * loss SUM) and its loss sum into {@code into}, and returns the batch's loss sum.
     */
    public LossSum gradient(BlockParams params, LabelledBatch batch, BlockGradient into, BlockNetworkWorkspace ws) {
        InputBatch inputs = batch.inputs();
        int rows = inputs.count();
        forward(params, inputs, ws);
        LossSum s = batch.loss().apply(ws.dense, inputs.first(), rows);
        boolean wantDx = block.spec().tableCount() > 0;
        dense.backward(new BackwardPass(params.dense(), ws.blockInput, 0, rows, into.dense(), wantDx), ws.dense);
        if (wantDx) {
            block.backward(inputs, ws.dense.inputGradient(), ws.block, into.tables());
        }
        into.addLoss(s);
        return s;
    }

    private static void checkRows(int rows, BlockNetworkWorkspace ws) {
        if (rows > ws.dense.maxRows()) {
            throw new IllegalArgumentException("batch of " + rows + " rows does not fit a workspace of "
                    + ws.dense.maxRows());
        }
    }
}
