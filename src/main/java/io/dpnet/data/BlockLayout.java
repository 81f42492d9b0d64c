package io.dpnet.data;

import java.io.Serializable;

/**
 * A dataset of {@code samples} samples cut into fixed-size blocks of global indices: block
 * {@code b} holds samples {@code [b·blockSize, min((b+1)·blockSize, samples))}, so only the last
 * block may be short. Partitions own whole, consecutive blocks; the block — not the partition — is
 * the unit that is read, cached and dropped, which is what keeps the blocks (and so the epoch
 * order over them) independent of the partition count.
 */
public record BlockLayout(long samples, int blockSize) implements Serializable {
    public BlockLayout {
        if (samples < 0 || blockSize < 1) {
            throw new IllegalArgumentException("need samples >= 0 and blockSize >= 1, got " + samples + " and "
                    + blockSize);
        }
        if ((samples + blockSize - 1) / blockSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(samples + " samples in blocks of " + blockSize + " are more than "
                    + Integer.MAX_VALUE + " blocks");
        }
    }

    public int blocks() {
        return (int) ((samples + blockSize - 1) / blockSize);
    }

    /** The first global index of block {@code b}. */
    public long start(int b) {
        return (long) b * blockSize;
    }

    /** Samples in block {@code b}: {@code blockSize}, or fewer for the last block. */
    public int length(int b) {
        return (int) Math.min(blockSize, samples - start(b));
    }

    /** The block holding global sample {@code index}. */
    public int blockOf(long index) {
        return (int) (index / blockSize);
    }

    /** The first block of {@code partition} out of {@code partitions}; it owns up to the next partition's first. */
    public int firstBlock(int partition, int partitions) {
        return (int) ((long) blocks() * partition / partitions);
    }

    /** {@code "samples [start, end)"}: how errors and logs name block {@code b}. */
    public String describe(int b) {
        return "block " + b + " (samples [" + start(b) + ", " + (start(b) + length(b)) + "))";
    }
}
