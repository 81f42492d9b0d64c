package io.dpnet.ml;

import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Runs a trained block network (input block + dense stack) on one row packed by
 * {@link BlockColumns#packed} — {@code [numeric (n) | categorical ids (C) | token ids ...]} —
 * and returns the output layer's pre-activation values (a classifier's logits, a regressor's
 * predictions).
 *
 * <p>Serializable: Spark ships it to the executors inside the model. There each thread keeps
 * its own workspace and row buffers, reused across rows, so a row allocates its result, one
 * {@link InputRows} view and, for a bag longer than any before, a larger id buffer.
 */
final class BlockScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final InputBlockSpec inputs;
    private final ModelSpec dense;
    private final float[] denseParams;
    private final float[][] tables;
    private transient ThreadLocal<Buffers> buffers;

    BlockScorer(InputBlockSpec inputs, ModelSpec dense, BlockParams params) {
        this.inputs = inputs;
        this.dense = dense;
        this.denseParams = params.dense();
        float[][] t = new float[inputs.tableCount()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = params.tables().table(i);
        }
        this.tables = t;
    }

    InputBlockSpec inputs() {
        return inputs;
    }

    ModelSpec dense() {
        return dense;
    }

    /** The parameters (not copies: the model owns them and never changes them). */
    BlockParams params() {
        return new BlockParams(denseParams, new EmbeddingTables(inputs, tables));
    }

    /** Per-thread state: the network, its 1-row workspace and the row's column buffers. */
    private final class Buffers {
        final BlockNetwork network = new BlockNetwork(inputs, dense);
        final BlockNetworkWorkspace workspace = network.workspace(1, Gemm.create("auto"));
        final BlockParams params = params();
        final float[] numeric = new float[inputs.numericCount()];
        final int[][] categorical = new int[inputs.categoricals().size()][1];
        final int[] bagOffsets = new int[2];
        int[] bagIds = new int[16];
    }

    private Buffers buffers() {
        if (buffers == null) {
            synchronized (this) {
                if (buffers == null) {
                    buffers = ThreadLocal.withInitial(Buffers::new);
                }
            }
        }
        return buffers.get();
    }

    /** The output layer's pre-activation values for one packed row. */
    double[] logits(Vector packed) {
        if (packed == null) {
            throw new IllegalArgumentException("an input row is null");
        }
        double[] v = ((DenseVector) packed).values();
        Buffers b = buffers();
        int n = inputs.numericCount();
        int columns = inputs.categoricals().size();
        if (v.length < n + columns) {
            throw new IllegalArgumentException("a packed input row has " + v.length + " values; the input block needs "
                    + n + " numeric features and " + columns + " categorical ids (" + inputs + ")");
        }
        for (int i = 0; i < n; i++) {
            b.numeric[i] = (float) v[i];
        }
        for (int c = 0; c < columns; c++) {
            b.categorical[c][0] = (int) v[n + c];
        }
        InputRows.Builder row = InputRows.builder(inputs, 1).numeric(b.numeric).categorical(b.categorical);
        if (inputs.hasBag()) {
            int tokens = v.length - n - columns;
            if (b.bagIds.length < tokens) {
                b.bagIds = new int[Math.max(tokens, 2 * b.bagIds.length)];
            }
            for (int k = 0; k < tokens; k++) {
                b.bagIds[k] = (int) v[n + columns + k];
            }
            b.bagOffsets[1] = tokens;
            row.bags(b.bagOffsets, b.bagIds);
        }
        b.network.forward(b.params, row.build().batch(0, 1), b.workspace);
        float[] z = b.workspace.dense().logits();
        double[] out = new double[dense.outputSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = z[i];
        }
        return out;
    }
}
