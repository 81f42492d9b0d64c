package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.RegressionLoss;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hot path allocates no buffers once warm: same arrays across calls, and almost no bytes per call. */
class BufferReuseTest {
    private static final int ROWS = 256;

    private static BlockFixture fixture() {
        InputBlockSpec spec = new InputBlockSpec(3, List.of(new CategoricalInput("user", 1000, 8, OovPolicy.ERROR)),
                new TokenBagInput("words", 500, 8, Pooling.MEAN, 0, OovPolicy.ERROR));
        Random rnd = new Random(1);
        int[] user = new int[ROWS];
        int[] offsets = new int[ROWS + 1];
        int[] ids = new int[ROWS * 4];
        for (int r = 0; r < ROWS; r++) {
            user[r] = rnd.nextInt(1000);
            for (int k = 0; k < 4; k++) {
                ids[r * 4 + k] = rnd.nextInt(500);
            }
            offsets[r + 1] = (r + 1) * 4;
        }
        float[] numeric = new float[ROWS * 3];
        InputRows rows = InputRows.builder(spec, ROWS).numeric(numeric).categorical(user).bags(offsets, ids).build();
        BatchLoss loss = BlockFixture.regression(RegressionLoss.huber(1f), ROWS, 1, 2);
        return new BlockFixture(spec, rows, 1, false, loss, 3);
    }

    @Test
    void workspaceAndGradientBuffersAreTheSameArraysOnEveryCall() {
        BlockFixture f = fixture();
        BlockGradient g = new BlockGradient(f.params.dense().length, f.rows.spec());
        LabelledBatch batch = new LabelledBatch(f.all(), f.loss);
        f.net.gradient(f.params, batch, g, f.ws);
        g.clear();
        f.net.gradient(f.params, batch, g, f.ws); // second call: the sparse ping-pong pair now exists at full size
        float[] blockInput = f.ws.blockInput();
        long[] keys = f.ws.block().keys;
        float[] dx = f.ws.dense().inputGradient();
        int[] idsA = g.table(0).idArray();
        float[] valuesA = g.table(0).valueArray();
        int capacity = g.table(0).capacity();
        for (int call = 0; call < 10; call++) {
            g.clear();
            f.net.gradient(f.params, batch, g, f.ws);
            assertThat(f.ws.blockInput()).isSameAs(blockInput);
            assertThat(f.ws.block().keys).isSameAs(keys);
            assertThat(f.ws.dense().inputGradient()).isSameAs(dx);
            assertThat(g.table(0).capacity()).isEqualTo(capacity);
        }
        // A fold writes the spare half and swaps, so the arrays alternate between the same two.
        g.clear();
        f.net.gradient(f.params, batch, g, f.ws);
        g.clear();
        f.net.gradient(f.params, batch, g, f.ws);
        assertThat(g.table(0).idArray()).isSameAs(idsA);
        assertThat(g.table(0).valueArray()).isSameAs(valuesA);
    }

    @Test
    void aWarmTrainingPassAllocatesFarLessThanOneBuffer() {
        BlockFixture f = fixture();
        BlockGradient g = new BlockGradient(f.params.dense().length, f.rows.spec());
        LabelledBatch batch = new LabelledBatch(f.all(), f.loss);
        for (int i = 0; i < 2000; i++) { // warm up: buffers reach their size, the JIT compiles
            g.clear();
            f.net.gradient(f.params, batch, g, f.ws);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            g.clear();
            f.net.gradient(f.params, batch, g, f.ws);
        }
        long perCall = (mx.getThreadAllocatedBytes(tid) - before) / calls;
        // The smallest buffer of a pass (dL/dX, 256 rows × 19 floats) is 19 KB; a few small
        // per-batch records (batch, pass, loss sums) are all that may be allocated.
        assertThat(perCall).as("bytes allocated per warm training pass").isLessThan(1024);
    }
}
