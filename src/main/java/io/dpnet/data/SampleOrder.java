package io.dpnet.data;

import java.io.Serializable;

/**
 * A seeded pseudo-random bijection on {@code [0, n)}: position {@code p} of an epoch visits sample
 * {@link #indexAt indexAt(p)}. Any executor can evaluate any position on its own, so no permutation
 * of the whole data set is ever materialised or shipped.
 *
 * <p>It is a balanced Feistel network over the smallest power-of-two domain with an even number of
 * bits (at least 2) that holds {@code n}; a Feistel network is a bijection whatever its round
 * function. Outputs at or beyond {@code n} are fed through again ("cycle walking"), which stays a
 * bijection on {@code [0, n)} and takes fewer than 4 passes on average because the domain is
 * smaller than {@code 4n} (equal to it for n = 1). Everything is 64-bit integer arithmetic, so
 * the order is identical on every JVM.
 */
public final class SampleOrder implements IndexOrder {
    private static final long serialVersionUID = 1L;

    private static final int ROUNDS = 6;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** Keeps the domain (2^(2*halfBits)) within a non-negative long. */
    private static final long MAX_SIZE = 1L << 62;

    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys;

    /**
     * @param n number of samples, 0 to 2^62
     * @param seed run seed
     * @param epoch mixed into the key, so every epoch visits the samples in a different order
     */
    public SampleOrder(long n, long seed, int epoch) {
        if (n < 0 || n > MAX_SIZE) {
            throw new IllegalArgumentException("n must be in 0.." + MAX_SIZE + ", got " + n);
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(0, n - 1)));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long key = mix(seed ^ mix(epoch * GOLDEN_GAMMA + GOLDEN_GAMMA));
        this.roundKeys = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            roundKeys[r] = mix(key + (r + 1) * GOLDEN_GAMMA);
        }
    }

    @Override
    public long size() {
        return n;
    }

    /** The sample index visited at {@code position}, which must be in {@code [0, size())}. */
    @Override
    public long indexAt(long position) {
        if (position < 0 || position >= n) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + (n - 1));
        }
        long x = position;
        do {
            x = permute(x);
        } while (x >= n);
        return x;
    }

    private long permute(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long k : roundKeys) {
            long next = left ^ (mix(right ^ k) & halfMask);
            left = right;
            right = next;
        }
        return left << halfBits | right;
    }

    /** The splitmix64 finaliser: a fast 64-bit mixer in which every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
