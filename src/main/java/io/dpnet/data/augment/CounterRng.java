package io.dpnet.data.augment;

/**
 * A counter-based random stream: output i of the stream keyed by (seed, image, variant) is
 * {@code mix(key + (i + 1) * GOLDEN)}, the SplitMix64 construction (Steele, Lea &amp; Flood 2014,
 * also behind the JDK's {@code SplittableRandom}). Every (seed, image, variant) gets its own
 * stream from a hash of the three, so a variant's numbers are the same whichever task, thread or
 * order produces it. Written out (a few lines) instead of using {@code SplittableRandom} so one
 * instance can be re-keyed per image without allocating, and so the bit-exact sequence is ours and
 * cannot change with a JDK release.
 *
 * <p>Not thread-safe: one per worker thread.
 */
public final class CounterRng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final float UNIT = 0x1.0p-24f;

    private long state;

    /** Positions the stream at the start of the (seed, image, variant) stream. */
    public void reset(long seed, long image, long variant) {
        // Chained hashing, not a sum: (image, variant) and (image + 1, variant - 1) must not collide.
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h ^ image);
        state = mix(h ^ (variant * GOLDEN));
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 24 random bits (exactly representable floats). */
    public float nextFloat() {
        return (nextLong() >>> 40) * UNIT;
    }

    /** Uniform in [-a, a). */
    public float symmetric(float a) {
        return (2f * nextFloat() - 1f) * a;
    }

    /** The SplitMix64 finaliser (a bijection of 64-bit values with good avalanche). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
