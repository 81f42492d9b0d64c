package io.dpnet.spark;

/**
 * One partition's slice of a dataset: samples {@code [start, start + count)} of the global order
 * as ONE contiguous row-major feature block plus labels — never one object per sample.
 */
public final class Shard {
    private int start;
    private int count;
    private int features;
    private float[] x;
    private int[] y;

    /** For Kryo. */
    @SuppressWarnings("unused")
    private Shard() {
    }

    public Shard(int start, int count, int features, float[] x, int[] y) {
        this.start = start;
        this.count = count;
        this.features = features;
        this.x = x;
        this.y = y;
    }

    public int start() {
        return start;
    }

    public int count() {
        return count;
    }

    public int features() {
        return features;
    }

    /** {@code count × features} floats, row-major. */
    public float[] x() {
        return x;
    }

    public int[] y() {
        return y;
    }

    /** Whether this shard holds global sample {@code index}. */
    public boolean holds(long index) {
        return index >= start && index < (long) start + count;
    }
}
