package io.dpnet.nn.embed;

/**
 * Scratch space of {@link InputBlock#backward}: the occurrence list of one table at a time
 * (sort key {@code (id << 32) | occurrence}, where its dL/dX slice starts, its pooling scale)
 * and the radix sort's second buffer. Sized for {@code maxRows} occurrences and grown (×1.5)
 * when a batch's bags hold more tokens, then reused: after the first batches of a shard, a
 * backward pass allocates nothing. Not thread-safe: one per thread.
 */
public final class BlockWorkspace {
    long[] keys;
    long[] sortScratch;
    int[] srcOffset;
    float[] scale;
    final int[] radixCounts = new int[1 << IdSort.BITS];

    public BlockWorkspace(int maxRows) {
        int n = Math.max(1, maxRows);
        keys = new long[n];
        sortScratch = new long[n];
        srcOffset = new int[n];
        scale = new float[n];
    }

    void ensure(int occurrences) {
        if (keys.length >= occurrences) {
            return;
        }
        int n = Math.max(occurrences, keys.length + (keys.length >> 1));
        keys = new long[n];
        sortScratch = new long[n];
        srcOffset = new int[n];
        scale = new float[n];
    }

    /** Current occurrence capacity (for tests of buffer reuse). */
    public int capacity() {
        return keys.length;
    }
}
