package io.dpnet.spark.plan;

import io.dpnet.data.SampleOrder;
import io.dpnet.nn.ModelSpec;
import io.dpnet.plan.Measured;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import java.util.SplittableRandom;

/**
 * Times a step's gather with the real {@link ShardGather} on an 8-bit pixel shard (how IDX
 * training sets are cached), single thread: every partition walks ALL positions of the global
 * batch (sample order + shard lookup) and copies only its members. Two runs separate the two
 * costs: a shard that holds none of the order's samples (positions only), and one that holds
 * half of them (positions + rows).
 */
public final class GatherProbe {
    /** Rows in the probe's shard (fewer for very wide inputs, to stay under ~64 MB). */
    private static final int MAX_ROWS = 16_384;
    private static final int REPS = 60;
    /**
     * Untimed passes for at least this long: it runs first in a fresh JVM, and after 10 passes
     * it once measured 2.9 µs per row where a warm JVM takes 0.5 µs.
     */
    private static final long WARMUP_NANOS = 1_000_000_000L;

    private GatherProbe() {
    }

    /** Seconds per batch position and per gathered row, for batches of {@code batch} positions. */
    public static Measured[] measure(ModelSpec spec, String kernel, int batch) throws Exception {
        int features = spec.inputSize();
        int rows = (int) Math.max(256, Math.min(MAX_ROWS, 64L * 1024 * 1024 / features));
        int span = Math.min(batch, 2 * rows);
        byte[] pixels = new byte[rows * features];
        byte[] labels = new byte[rows];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (random.nextDouble() < 0.8 ? 0 : random.nextInt(256));
        }
        SampleOrder order = new SampleOrder(2L * rows, 42, 1);
        Shard members = Shard.ofPixels(0, rows, features, pixels, labels);
        Shard strangers = Shard.ofPixels(2 * rows, rows, features, pixels, labels);
        ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, Math.min(256, span), kernel);
        long[] gathered = new long[1];
        double[] positionsOnly = new double[REPS];
        double[] perRow = new double[REPS];
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        int warm = 0;
        while (warm < 10 || System.nanoTime() < warmupEnd) {
            long from = (long) Math.floorMod(warm++ * 7919L, 2L * rows - span);
            ShardGather.forEachChunk(strangers, order, from, from + span, slot, Math.min(256, span), r -> { });
            ShardGather.forEachChunk(members, order, from, from + span, slot, Math.min(256, span),
                    r -> gathered[0] += r);
        }
        for (int rep = 0; rep < REPS; rep++) {
            long from = (long) Math.floorMod(rep * 7919L, 2L * rows - span);
            long t0 = System.nanoTime();
            ShardGather.forEachChunk(strangers, order, from, from + span, slot, Math.min(256, span), r -> { });
            long t1 = System.nanoTime();
            gathered[0] = 0;
            ShardGather.forEachChunk(members, order, from, from + span, slot, Math.min(256, span),
                    r -> gathered[0] += r);
            long t2 = System.nanoTime();
            positionsOnly[rep] = (t1 - t0) / 1e9 / span;
            perRow[rep] = gathered[0] == 0 ? 0 : ((t2 - t1) - (t1 - t0)) / 1e9 / gathered[0];
        }
        return new Measured[] {Measured.of(positionsOnly), Measured.of(perRow).atLeastZero()};
    }
}
