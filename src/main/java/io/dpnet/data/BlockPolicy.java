package io.dpnet.data;

import java.io.Serializable;

/**
 * How a training set is held: in memory (every shard cached, epoch order a global shuffle) or out
 * of core in blocks ({@link BlockLayout}, {@link BlockWindowOrder}). {@code AUTO} picks blocks for
 * an IDX training set whose pixel and label bytes exceed {@code memoryLimitBytes}, and
 * ({@link StorageFit#choose}) when the sets do not fit the storage memory Spark has — the one part
 * that depends on the machine, so a run records what it chose and a resume keeps it.
 */
public record BlockPolicy(Storage storage, int blockSize, int window, long memoryLimitBytes)
        implements Serializable {
    public enum Storage { AUTO, MEMORY, BLOCKS }

    /** Whether a set of {@code bytes} bytes of sample data is read in blocks. */
    public boolean useBlocks(long bytes) {
        return storage == Storage.BLOCKS || (storage == Storage.AUTO && bytes > memoryLimitBytes);
    }

    /** In memory whatever the size: what evaluation sets and the API's DataFrames use. */
    public static BlockPolicy memory() {
        return new BlockPolicy(Storage.MEMORY, 16384, 8, Long.MAX_VALUE);
    }
}
