package io.dpnet.spark.train;

import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.LabelledBatch;
import io.dpnet.spark.input.TabularShard;
import java.util.Arrays;

/**
 * One executor thread's reusable state for block-network steps: the network and its workspace,
 * and batch buffers in {@link InputRows} layout ({@code maxRows} rows: numeric block, one id
 * array per categorical column, CSR bags), labels/targets and weights, with the loss bound to
 * them once. A task gathers its members of the global batch into these buffers row by row
 * ({@link #add}) and runs each full chunk; nothing is allocated per row or per chunk, except
 * when a chunk's bags hold more tokens than ever before (the token buffer grows ×1.5).
 *
 * <p>The rows view spans all {@code maxRows} rows; a chunk uses rows {@code [0, rows)} of it.
 */
final class BlockSlot {
    private static final ThreadLocal<BlockSlot> SLOT = new ThreadLocal<>();

    final InputBlockSpec spec;
    final ModelSpec dense;
    final Objective objective;
    final int maxRows;
    final boolean weighted;
    final BlockNetwork net;
    final BlockNetworkWorkspace ws;
    private final String kernel;
    private final float[] numeric;
    private final int[][] categorical;
    private final int[] bagOffsets;
    private int[] bagIds;
    private final int[] labels;
    private final float[] targets;
    private final float[] weights;
    final BatchLoss loss;
    private InputRows view;
    /** Rows gathered into the buffers so far. */
    int rows;

    private BlockSlot(BlockTask task) {
        this.spec = task.inputs();
        this.dense = task.dense();
        this.objective = task.objective();
        this.maxRows = task.chunk();
        this.weighted = task.weighted();
        this.kernel = task.kernel();
        this.net = new BlockNetwork(spec, dense);
        this.ws = net.workspace(maxRows, Gemm.create(kernel));
        numeric = new float[maxRows * spec.numericCount()];
        categorical = new int[spec.categoricals().size()][maxRows];
        bagOffsets = spec.hasBag() ? new int[maxRows + 1] : null;
        bagIds = spec.hasBag() ? new int[4 * maxRows] : null;
        labels = new int[maxRows];
        targets = new float[maxRows];
        weights = weighted ? new float[maxRows] : null;
        loss = objective.bind(labels, targets, weights);
        view = buildView();
    }

    /** This thread's slot for {@code task}, rebuilt only when the model, batch size, kernel or objective changed. */
    static BlockSlot get(BlockTask task) {
        BlockSlot s = SLOT.get();
        if (s == null || !s.spec.equals(task.inputs()) || !s.dense.equals(task.dense()) || s.maxRows < task.chunk()
                || !s.objective.equals(task.objective()) || s.weighted != task.weighted()
                || !s.ws.dense().gemm().name().equals(Gemm.resolvedName(task.kernel()))) {
            s = new BlockSlot(task);
            SLOT.set(s);
        }
        s.rows = 0;
        return s;
    }

    private InputRows buildView() {
        InputRows.Builder b = InputRows.builder(spec, maxRows).numeric(numeric).categorical(categorical);
        if (bagOffsets != null) {
            b.bags(bagOffsets, bagIds);
        }
        return b.build();
    }

    /** Appends local row {@code local} of {@code shard} to the buffers (the caller runs full chunks). */
    void add(TabularShard shard, int local) {
        int r = rows;
        int n = spec.numericCount();
        System.arraycopy(shard.numeric(), local * n, numeric, r * n, n);
        for (int c = 0; c < categorical.length; c++) {
            categorical[c][r] = shard.categorical(c)[local];
        }
        if (bagOffsets != null) {
            int[] off = shard.bagOffsets();
            int from = off[local];
            int len = off[local + 1] - from;
            int at = bagOffsets[r];
            if (at + len > bagIds.length) {
                growBags(at + len);
            }
            System.arraycopy(shard.bagIds(), from, bagIds, at, len);
            bagOffsets[r + 1] = at + len;
        }
        float t = shard.targets()[local];
        targets[r] = t;
        labels[r] = (int) t;
        if (weights != null) {
            weights[r] = shard.weights()[local];
        }
        rows = r + 1;
    }

    private void growBags(int need) {
        bagIds = Arrays.copyOf(bagIds, Math.max(need, bagIds.length + (bagIds.length >> 1)));
        // The view validates offsets over all maxRows rows: make the unused tail non-decreasing.
        Arrays.fill(bagOffsets, rows + 1, maxRows + 1, bagOffsets[rows]);
        view = buildView();
    }

    /** The gathered rows as one labelled batch. */
    LabelledBatch batch() {
        return new LabelledBatch(view.batch(0, rows), loss);
    }

    /** Rows {@code [0, rows)} whose output argmax equals the label (classification; call after a pass). */
    long correct() {
        if (objective.isRegression()) {
            return 0;
        }
        float[] out = ws.dense().output();
        int k = dense.outputSize();
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (out[r * k + j] > out[r * k + best]) {
                    best = j;
                }
            }
            if (best == labels[r]) {
                correct++;
            }
        }
        return correct;
    }

    /** Forgets the gathered rows, keeping the buffers. */
    void reset() {
        rows = 0;
    }
}
