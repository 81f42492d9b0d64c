package io.dpnet.bench;

import io.dpnet.nn.embed.BlockWorkspace;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBatch;
import io.dpnet.nn.embed.InputBlock;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.SparseRowGradient;
import io.dpnet.nn.embed.TokenBagInput;
import io.dpnet.optim.LazyAdam;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input block's forward + backward for one embedding table of 10⁶ × 32 and a batch of
 * 1024 rows, single-threaded; ids uniform over the table (the cache-hostile case), a fresh
 * batch of a 64k-row shard per call. Layouts: one categorical column (1024 lookups) or a bag
 * of 8 tokens per row, mean-pooled (8192 lookups). Benchmarks:
 * <ul>
 *   <li>{@code sparse}: forward, then backward into a cleared {@link SparseRowGradient};</li>
 *   <li>{@code sparseLazyAdam}: the same plus the driver's {@link LazyAdam} step on the touched rows;</li>
 *   <li>{@code denseGradient}: the same as {@code sparse} plus zeroing and filling a table-sized
 *       dense gradient — the least a dense path pays per step before it ships 128 MB.</li>
 * </ul>
 * Run (prints ms/op; nothing is asserted):
 * <pre>
 * mvn -q -o -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main EmbeddingBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EmbeddingBenchmark {
    private static final int TABLE_ROWS = 1_000_000;
    private static final int DIM = 32;
    private static final int BATCH = 1024;
    private static final int SHARD = 64 * BATCH;
    private static final int TOKENS = 8;

    @Param({"categorical", "bag8"})
    public String layout;

    private InputBlock block;
    private EmbeddingTables tables;
    private InputRows rows;
    private float[] out;
    private float[] dx;
    private BlockWorkspace ws;
    private SparseRowGradient[] grads;
    private float[] dense;
    private LazyAdam adam;
    private int next;

    @Setup
    public void setup() {
        InputBlockSpec spec = layout.equals("categorical")
                ? new InputBlockSpec(4, List.of(new CategoricalInput("item", TABLE_ROWS, DIM, OovPolicy.ERROR)), null)
                : new InputBlockSpec(4, List.of(), new TokenBagInput("tokens", TABLE_ROWS, DIM, Pooling.MEAN, -1,
                        OovPolicy.ERROR));
        block = new InputBlock(spec);
        SplittableRandom rnd = new SplittableRandom(1);
        // Cheap uniform values: initialization is not what is measured.
        float[] table = new float[TABLE_ROWS * DIM];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) (rnd.nextDouble() - 0.5) * 0.3f;
        }
        tables = new EmbeddingTables(spec, new float[][] {table});
        InputRows.Builder b = InputRows.builder(spec, SHARD).numeric(new float[SHARD * 4]);
        if (layout.equals("categorical")) {
            b.categorical(rnd.ints(SHARD, 0, TABLE_ROWS).toArray());
        } else {
            int[] offsets = new int[SHARD + 1];
            for (int r = 0; r <= SHARD; r++) {
                offsets[r] = r * TOKENS;
            }
            b.bags(offsets, rnd.ints((long) SHARD * TOKENS, 0, TABLE_ROWS).toArray());
        }
        rows = b.build();
        out = new float[BATCH * spec.width()];
        dx = new float[BATCH * spec.width()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = (float) rnd.nextGaussian();
        }
        ws = new BlockWorkspace(BATCH);
        grads = new SparseRowGradient[] {new SparseRowGradient(DIM, BATCH * TOKENS)};
        dense = new float[TABLE_ROWS * DIM];
        adam = new LazyAdam(TABLE_ROWS, DIM, 0.9f, 0.999f, 1e-8f);
    }

    private InputBatch nextBatch() {
        InputBatch batch = rows.batch(next * BATCH, BATCH);
        next = (next + 1) % (SHARD / BATCH);
        return batch;
    }

    private SparseRowGradient forwardBackward() {
        InputBatch batch = nextBatch();
        block.forward(tables, batch, out);
        grads[0].clear();
        block.backward(batch, dx, ws, grads);
        return grads[0];
    }

    @Benchmark
    public int sparse() {
        return forwardBackward().count();
    }

    @Benchmark
    public int sparseLazyAdam() {
        SparseRowGradient g = forwardBackward();
        g.scale(1f / BATCH);
        adam.step(tables.table(0), g, 1e-3f);
        return g.count();
    }

    @Benchmark
    public float denseGradient() {
        SparseRowGradient g = forwardBackward();
        Arrays.fill(dense, 0f);
        g.addTo(dense);
        return dense[g.id(0) * DIM];
    }
}
