package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sparse format against a dense table-sized scatter, bit for bit: chunking within a part,
 * splitting rows over parts merged in order, merge order of two parts, and serialization.
 */
class SparseRowGradientTest {
    private static final InputBlockSpec SPEC = new InputBlockSpec(1,
            List.of(new CategoricalInput("item", 40, 4, OovPolicy.UNKNOWN_ID)),
            new TokenBagInput("words", 25, 3, Pooling.MEAN, 0, OovPolicy.ERROR));

    /** Random rows with many repeated ids (40 items, 25 words), bags of 0..7 tokens with padding. */
    private static InputRows randomRows(int rows, Random rnd) {
        int[] item = new int[rows];
        int[] offsets = new int[rows + 1];
        int[] ids = new int[rows * 7];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            item[r] = rnd.nextInt(45) - 2; // a few out of vocabulary → unknown row 40
            int len = rnd.nextInt(8);
            for (int k = 0; k < len; k++) {
                ids[n++] = rnd.nextInt(25);
            }
            offsets[r + 1] = n;
        }
        return InputRows.builder(SPEC, rows).numeric(new float[rows]).categorical(item).bags(offsets, ids).build();
    }

    private static float[] randomDx(int rows, Random rnd) {
        float[] dx = new float[rows * SPEC.width()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = (float) rnd.nextGaussian();
        }
        return dx;
    }

    private static SparseRowGradient[] fresh() {
        return new SparseRowGradient[] {new SparseRowGradient(4, 1), new SparseRowGradient(3, 1)};
    }

    /** Backward of rows [from, to) of the whole batch's dX into grads. */
    private static void backward(InputRows rows, float[] dx, int from, int to, BlockWorkspace ws, SparseRowGradient[] g) {
        int w = SPEC.width();
        float[] slice = Arrays.copyOfRange(dx, from * w, to * w);
        new InputBlock(SPEC).backward(rows.batch(from, to - from), slice, ws, g);
    }

    /** The obvious dense scatter, one occurrence at a time in row then token order. */
    private static float[][] denseScatter(InputRows rows, float[] dx, int from, int to) {
        float[][] dense = {new float[41 * 4], new float[25 * 3]};
        int w = SPEC.width();
        for (int r = from; r < to; r++) {
            int id = InputBlock.tableRow(SPEC.categoricals().get(0), rows.categorical(0)[r], r);
            for (int j = 0; j < 4; j++) {
                dense[0][id * 4 + j] += 1f * dx[r * w + 1 + j];
            }
            int[] off = rows.bagOffsets();
            int n = 0;
            for (int k = off[r]; k < off[r + 1]; k++) {
                n += rows.bagIds()[k] == 0 ? 0 : 1;
            }
            float s = n > 1 ? 1f / n : 1f;
            for (int k = off[r]; k < off[r + 1]; k++) {
                int t = rows.bagIds()[k];
                if (t != 0) {
                    for (int j = 0; j < 3; j++) {
                        dense[1][t * 3 + j] += s * dx[r * w + 5 + j];
                    }
                }
            }
        }
        return dense;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static float[] toDense(SparseRowGradient g, int rows) {
        float[] d = new float[rows * g.dim()];
        g.addTo(d);
        return d;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void oneBatchEqualsTheDenseScatterBitForBit(long seed) {
        Random rnd = new Random(seed);
        InputRows rows = randomRows(300, rnd);
        float[] dx = randomDx(300, rnd);
        SparseRowGradient[] g = fresh();
        backward(rows, dx, 0, 300, new BlockWorkspace(1), g);
        float[][] dense = denseScatter(rows, dx, 0, 300);
        assertThat(bits(toDense(g[0], 41))).isEqualTo(bits(dense[0]));
        assertThat(bits(toDense(g[1], 25))).isEqualTo(bits(dense[1]));
        for (int t = 0; t < 2; t++) {
            int[] ids = g[t].ids();
            for (int i = 1; i < ids.length; i++) {
                assertThat(ids[i]).isGreaterThan(ids[i - 1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void chunkingAPartIntoBatchesChangesNoBit(long seed) {
        Random rnd = new Random(seed);
        InputRows rows = randomRows(300, rnd);
        float[] dx = randomDx(300, rnd);
        SparseRowGradient[] whole = fresh();
        backward(rows, dx, 0, 300, new BlockWorkspace(300), whole);
        SparseRowGradient[] chunked = fresh();
        BlockWorkspace ws = new BlockWorkspace(4);
        for (int from = 0; from < 300; ) {
            int to = Math.min(300, from + 1 + rnd.nextInt(50));
            backward(rows, dx, from, to, ws, chunked);
            from = to;
        }
        for (int t = 0; t < 2; t++) {
            assertThat(chunked[t].ids()).isEqualTo(whole[t].ids());
            assertThat(bits(chunked[t].values())).isEqualTo(bits(whole[t].values()));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void partsMergedInOrderEqualTheDenseMergeOfTheSamePartsBitForBit(long seed) {
        Random rnd = new Random(seed);
        InputRows rows = randomRows(300, rnd);
        float[] dx = randomDx(300, rnd);
        int parts = 2 + rnd.nextInt(6);
        int[] cuts = new int[parts + 1];
        cuts[parts] = 300;
        for (int p = 1; p < parts; p++) {
            cuts[p] = rnd.nextInt(301);
        }
        Arrays.sort(cuts);
        SparseRowGradient[] merged = null;
        float[][] denseSum = {new float[41 * 4], new float[25 * 3]};
        for (int p = 0; p < parts; p++) {
            SparseRowGradient[] part = fresh();
            backward(rows, dx, cuts[p], cuts[p + 1], new BlockWorkspace(1), part);
            float[][] densePart = denseScatter(rows, dx, cuts[p], cuts[p + 1]);
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < densePart[t].length; i++) {
                    denseSum[t][i] += densePart[t][i]; // what GradientSum.merge does
                }
            }
            if (merged == null) {
                merged = part;
            } else {
                merged[0].add(part[0]);
                merged[1].add(part[1]);
            }
        }
        assertThat(bits(toDense(merged[0], 41))).isEqualTo(bits(denseSum[0]));
        assertThat(bits(toDense(merged[1], 25))).isEqualTo(bits(denseSum[1]));
    }

    @Test
    void mergingTwoPartsIsTheSameInEitherOrder() {
        Random rnd = new Random(42);
        InputRows rows = randomRows(200, rnd);
        float[] dx = randomDx(200, rnd);
        SparseRowGradient[] a = fresh();
        SparseRowGradient[] b = fresh();
        backward(rows, dx, 0, 120, new BlockWorkspace(1), a);
        backward(rows, dx, 120, 200, new BlockWorkspace(1), b);
        SparseRowGradient ab = copy(a[1]).add(b[1]);
        SparseRowGradient ba = copy(b[1]).add(a[1]);
        assertThat(ab.ids()).isEqualTo(ba.ids());
        assertThat(bits(ab.values())).isEqualTo(bits(ba.values()));
        assertThat(ab.count()).isLessThan(a[1].count() + b[1].count()); // the parts do share rows
    }

    @Test
    void javaSerializationKeepsExactlyTheUsedRows() throws Exception {
        Random rnd = new Random(3);
        InputRows rows = randomRows(50, rnd);
        SparseRowGradient[] g = fresh();
        backward(rows, randomDx(50, rnd), 0, 50, new BlockWorkspace(1), g);
        SparseRowGradient back = copy(g[1]);
        assertThat(back.ids()).isEqualTo(g[1].ids());
        assertThat(bits(back.values())).isEqualTo(bits(g[1].values()));
        assertThat(back.capacity()).isEqualTo(g[1].count());
    }

    @Test
    void theRadixSortOrdersByIdAndKeepsOccurrenceOrderWithinAnId() {
        Random rnd = new Random(8);
        int n = 5000;
        BlockWorkspace ws = new BlockWorkspace(n + 10);
        for (int o = 0; o < n; o++) {
            ws.keys[o] = ((long) rnd.nextInt(1_000_000) << 32) | o;
        }
        long[] expected = Arrays.copyOf(ws.keys, n);
        Arrays.sort(expected); // low half = occurrence, so this is "by id, then occurrence"
        IdSort.sort(ws, n, 999_999);
        assertThat(Arrays.copyOf(ws.keys, n)).isEqualTo(expected);
    }

    private static SparseRowGradient copy(SparseRowGradient g) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(g);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (SparseRowGradient) in.readObject();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
