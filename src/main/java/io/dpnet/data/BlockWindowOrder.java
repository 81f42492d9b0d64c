package io.dpnet.data;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The two-level epoch order of a dataset too large to keep in memory: a seeded permutation of the
 * blocks of a {@link BlockLayout}, cut into windows of {@code window} consecutive blocks of that
 * permutation, then a full seeded shuffle of the samples inside each window. Consecutive positions
 * therefore touch only one window's blocks: a reader needs just those in memory, and reads every
 * block once per epoch, sequentially, when its window comes up.
 *
 * <p>Everything is defined over global indices and keyed by (seed, epoch) only, so the order — and
 * with it the synchronous training result — does not depend on the partition count. When all
 * blocks fit in one window this is a full shuffle of the whole set (a different one from
 * {@link SampleOrder}'s, equally uniform). Derived tables (the block permutation, window starts,
 * one {@link SampleOrder} per window) are rebuilt after deserialization, so a task ships only the
 * five numbers that define the order.
 */
public final class BlockWindowOrder implements IndexOrder {
    private static final long serialVersionUID = 1L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** Keeps the block permutation's key apart from the windows' keys. */
    private static final long BLOCK_SALT = 0x6A09E667F3BCC908L;

    private final BlockLayout layout;
    private final int window;
    private final long seed;
    private final int epoch;

    /** perm[k] = the block at place k of the epoch's block permutation. */
    private transient int[] perm;
    /** windowStart[w] = first position of window w; windowStart[windows] = samples. */
    private transient long[] windowStart;
    private transient SampleOrder[] inner;

    public BlockWindowOrder(BlockLayout layout, int window, long seed, int epoch) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 block, got " + window);
        }
        this.layout = layout;
        this.window = window;
        this.seed = seed;
        this.epoch = epoch;
        build();
    }

    private void build() {
        int blocks = layout.blocks();
        SampleOrder blockOrder = new SampleOrder(blocks, seed ^ BLOCK_SALT, epoch);
        perm = new int[blocks];
        for (int k = 0; k < blocks; k++) {
            perm[k] = (int) blockOrder.indexAt(k);
        }
        int windows = (blocks + window - 1) / window;
        windowStart = new long[windows + 1];
        inner = new SampleOrder[windows];
        for (int w = 0; w < windows; w++) {
            long size = 0;
            for (int k = w * window, end = Math.min(blocks, (w + 1) * window); k < end; k++) {
                size += layout.length(perm[k]);
            }
            windowStart[w + 1] = windowStart[w] + size;
            inner[w] = new SampleOrder(size, mix(seed + (w + 1) * GOLDEN_GAMMA), epoch);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        build();
    }

    @Override
    public long size() {
        return layout.samples();
    }

    @Override
    public long indexAt(long position) {
        if (position < 0 || position >= layout.samples()) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + (layout.samples() - 1));
        }
        int w = windowOf(position);
        long q = inner[w].indexAt(position - windowStart[w]);
        for (int k = w * window; ; k++) {
            int len = layout.length(perm[k]);
            if (q < len) {
                return layout.start(perm[k]) + q;
            }
            q -= len;
        }
    }

    /** The window that position {@code position} falls in. */
    public int windowOf(long position) {
        int i = Arrays.binarySearch(windowStart, position);
        // An exact hit on a start is that window; otherwise the insertion point is one past it.
        // (Starts repeat only for empty windows, which exist only for an empty set.)
        return i >= 0 ? Math.min(i, inner.length - 1) : -i - 2;
    }

    /** The blocks positions {@code [from, to)} read: those of every window the range overlaps. */
    public BitSet blocksTouched(long from, long to) {
        BitSet touched = new BitSet(layout.blocks());
        if (from >= to) {
            return touched;
        }
        for (int w = windowOf(from), last = windowOf(to - 1); w <= last; w++) {
            for (int k = w * window, end = Math.min(perm.length, (w + 1) * window); k < end; k++) {
                touched.set(perm[k]);
            }
        }
        return touched;
    }

    /** The blocks of window {@code w}, in the order of the epoch's block permutation. */
    public int[] windowBlocks(int w) {
        return Arrays.copyOfRange(perm, w * window, Math.min(perm.length, (w + 1) * window));
    }

    public BlockLayout layout() {
        return layout;
    }

    public int window() {
        return window;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
