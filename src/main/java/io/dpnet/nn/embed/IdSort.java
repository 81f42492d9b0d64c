package io.dpnet.nn.embed;

/**
 * Stable LSD radix sort of {@code (id << 32) | occurrence} keys by their id half, with caller
 * buffers. Keys arrive in occurrence order, so stability leaves each id's occurrences in batch
 * order (which the deterministic fold needs) — and unlike {@link java.util.Arrays#sort(long[])}
 * it never allocates. Only as many 8-bit digits as the largest id needs are sorted: a
 * 10⁶-row table takes 3 passes.
 */
final class IdSort {
    static final int BITS = 8;
    private static final int MASK = (1 << BITS) - 1;

    private IdSort() {
    }

    /** Sorts {@code ws.keys[0, n)} (ids at most {@code maxId}) with the workspace's scratch buffers. */
    static void sort(BlockWorkspace ws, int n, int maxId) {
        long[] keys = ws.keys;
        int[] counts = ws.radixCounts;
        long[] from = keys;
        long[] to = ws.sortScratch;
        for (int shift = 32; shift < 64 && (maxId >>> (shift - 32)) != 0; shift += BITS) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (from[i] >>> shift) & MASK]++;
            }
            int sum = 0;
            for (int d = 0; d <= MASK; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long key = from[i];
                to[counts[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }
}
