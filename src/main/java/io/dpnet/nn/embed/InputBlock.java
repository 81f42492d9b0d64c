package io.dpnet.nn.embed;

import java.util.Arrays;

/**
 * Forward and backward pass of an {@link InputBlockSpec}. Stateless (parameters are passed in,
 * scratch comes from a {@link BlockWorkspace}), so one instance serves every thread.
 *
 * <p>Forward writes, for each row, the block {@code [numeric | e(id₀) | … | pool(bag)]} where
 * {@code e(id)} is row {@code id} of that column's table (the notebook's lookup: token ids
 * {@code [3, 5, 3, 5]} select four rows of the table) and {@code pool} sums (or averages) the
 * rows of the bag's non-padding ids.
 *
 * <p>Backward takes {@code dL/dX} of the first dense layer ({@code = dL/dZ₁ · W₁ᵀ}, which
 * {@link io.dpnet.nn.Sequential#backward(io.dpnet.nn.BackwardPass, io.dpnet.nn.Workspace)}
 * computes when asked) and, since each block slice is a copy (or a sum, or a scaled sum) of
 * table rows, routes each slice back to the rows it came from: {@code dL/dE[id] += dL/dX[r, slice]}
 * for every occurrence of {@code id} (times {@code 1/n} under mean pooling over n tokens). A
 * repeated id gets one contribution per occurrence. Only touched rows appear in the result.
 */
public final class InputBlock {
    private final InputBlockSpec spec;

    public InputBlock(InputBlockSpec spec) {
        this.spec = spec;
    }

    public InputBlockSpec spec() {
        return spec;
    }

    /**
     * Writes the batch's {@code count × width} block, row-major, at {@code out[0]}.
     *
     * @throws IllegalArgumentException for an id outside its vocabulary under
     *     {@link OovPolicy#ERROR}, naming the row (its index in the {@link InputRows}), the
     *     column and the id; or for tables, rows or an output buffer that do not fit
     */
    public void forward(EmbeddingTables tables, InputBatch batch, float[] out) {
        check(tables.spec(), "tables");
        check(batch.rows().spec(), "input rows");
        int rows = batch.count();
        int width = spec.width();
        if (out.length < (long) rows * width) {
            throw new IllegalArgumentException("output buffer of " + out.length + " floats is too small for " + rows
                    + " rows × " + width);
        }
        InputRows in = batch.rows();
        int first = batch.first();
        int nc = spec.numericCount();
        if (nc > 0) {
            float[] numeric = in.numeric();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(numeric, (first + r) * nc, out, r * width, nc);
            }
        }
        for (int c = 0; c < spec.categoricals().size(); c++) {
            CategoricalInput col = spec.categoricals().get(c);
            float[] table = tables.table(c);
            int dim = col.dim();
            int off = spec.offset(c);
            int[] ids = in.categorical(c);
            for (int r = 0; r < rows; r++) {
                int id = tableRow(col, ids[first + r], first + r);
                System.arraycopy(table, id * dim, out, r * width + off, dim);
            }
        }
        if (spec.hasBag()) {
            poolBags(tables.table(spec.bagTable()), in, batch, out);
        }
    }

    private void poolBags(float[] table, InputRows in, InputBatch batch, float[] out) {
        TokenBagInput bag = spec.bag();
        int dim = bag.dim();
        int width = spec.width();
        int off = spec.offset(spec.bagTable());
        int[] offsets = in.bagOffsets();
        int[] ids = in.bagIds();
        for (int r = 0; r < batch.count(); r++) {
            int row = batch.first() + r;
            int o = r * width + off;
            Arrays.fill(out, o, o + dim, 0f);
            int n = 0;
            for (int k = offsets[row]; k < offsets[row + 1]; k++) {
                int raw = ids[k];
                if (raw == bag.paddingId()) {
                    continue;
                }
                int t = tableRow(bag, raw, row, k - offsets[row]) * dim;
                for (int j = 0; j < dim; j++) {
                    out[o + j] += table[t + j];
                }
                n++;
            }
            if (bag.pooling() == Pooling.MEAN && n > 1) {
                float inv = 1f / n;
                for (int j = 0; j < dim; j++) {
                    out[o + j] *= inv;
                }
            }
        }
    }

    /**
     * Adds the batch's embedding gradients into {@code grads} (one per table, numbered as in the
     * spec), given {@code dX} = dL/dX of the block ({@code count × width} at {@code dX[0]}). The
     * numeric columns of dX need nothing more: they are dL/d(numeric features) already.
     */
    public void backward(InputBatch batch, float[] dX, BlockWorkspace ws, SparseRowGradient[] grads) {
        check(batch.rows().spec(), "input rows");
        if (grads.length != spec.tableCount()) {
            throw new IllegalArgumentException("the input block has " + spec.tableCount() + " tables, got "
                    + grads.length + " gradients");
        }
        for (int t = 0; t < grads.length; t++) {
            if (grads[t].dim() != spec.dim(t)) {
                throw new IllegalArgumentException("table '" + spec.tableName(t) + "' has dim " + spec.dim(t)
                        + ", its gradient " + grads[t].dim());
            }
        }
        int width = spec.width();
        int rows = batch.count();
        int first = batch.first();
        InputRows in = batch.rows();
        for (int c = 0; c < spec.categoricals().size(); c++) {
            CategoricalInput col = spec.categoricals().get(c);
            ws.ensure(rows);
            int[] ids = in.categorical(c);
            int off = spec.offset(c);
            for (int r = 0; r < rows; r++) {
                int id = tableRow(col, ids[first + r], first + r);
                ws.keys[r] = ((long) id << 32) | r;
                ws.srcOffset[r] = r * width + off;
                ws.scale[r] = 1f;
            }
            sortAndFold(ws, rows, col.tableRows(), dX, grads[c]);
        }
        if (spec.hasBag()) {
            int n = collectBagOccurrences(in, batch, ws);
            sortAndFold(ws, n, spec.bag().tableRows(), dX, grads[spec.bagTable()]);
        }
    }

    /** One occurrence per non-padding token, in row then token order; returns how many. */
    private int collectBagOccurrences(InputRows in, InputBatch batch, BlockWorkspace ws) {
        TokenBagInput bag = spec.bag();
        int[] offsets = in.bagOffsets();
        int[] ids = in.bagIds();
        int first = batch.first();
        ws.ensure(offsets[first + batch.count()] - offsets[first]);
        int off = spec.offset(spec.bagTable());
        int width = spec.width();
        int n = 0;
        for (int r = 0; r < batch.count(); r++) {
            int row = first + r;
            int start = n;
            for (int k = offsets[row]; k < offsets[row + 1]; k++) {
                int raw = ids[k];
                if (raw == bag.paddingId()) {
                    continue;
                }
                int id = tableRow(bag, raw, row, k - offsets[row]);
                ws.keys[n] = ((long) id << 32) | n;
                ws.srcOffset[n] = r * width + off;
                n++;
            }
            // The forward pass scaled the sum by 1/count; the same factor flows back to each token.
            float s = bag.pooling() == Pooling.MEAN && n - start > 1 ? 1f / (n - start) : 1f;
            Arrays.fill(ws.scale, start, n, s);
        }
        return n;
    }

    private static void sortAndFold(BlockWorkspace ws, int n, int tableRows, float[] dX, SparseRowGradient grad) {
        IdSort.sort(ws, n, tableRows - 1);
        grad.foldIn(ws, n, dX);
    }

    private void check(InputBlockSpec other, String what) {
        if (other != spec && !other.equals(spec)) {
            throw new IllegalArgumentException(what + " are for the input block " + other + ", not " + spec);
        }
    }

    /** The table row of a categorical id, applying the column's out-of-vocabulary policy. */
    static int tableRow(CategoricalInput col, int id, int row) {
        if (id >= 0 && id < col.vocabularySize()) {
            return id;
        }
        if (col.oov() == OovPolicy.UNKNOWN_ID) {
            return col.vocabularySize();
        }
        throw new IllegalArgumentException("row " + row + ", column '" + col.name() + "': id " + id
                + " is outside the vocabulary [0, " + col.vocabularySize() + ")");
    }

    /** The same for the {@code position}-th token of a row's bag (padding already skipped). */
    static int tableRow(TokenBagInput bag, int id, int row, int position) {
        if (id >= 0 && id < bag.vocabularySize()) {
            return id;
        }
        if (bag.oov() == OovPolicy.UNKNOWN_ID) {
            return bag.vocabularySize();
        }
        throw new IllegalArgumentException("row " + row + ", column '" + bag.name() + "', token " + position + ": id "
                + id + " is outside the vocabulary [0, " + bag.vocabularySize() + ") and is not the padding id "
                + bag.paddingId());
    }
}
