package io.dpnet.data;

import java.util.Locale;

/**
 * Whether a run's IDX sets fit the storage memory Spark has for cached blocks, and so how the
 * training set is held. In memory every set is one cached block per partition; a block that does
 * not fit is not cached at all, and Spark then recomputes it — reads it from the files again — for
 * every step, silently (only a WARN in Spark's own log). Caching a later set (the test set) may also
 * evict training blocks, so the sets must fit together. And while Spark builds a block it holds
 * 1.5 times the block's size (MemoryStore's unroll growth factor; a shard is one record, so its
 * whole size at once), for every partition being cached at the same time: the sets need their sum
 * plus half the larger of them ({@link #neededBytes}). Measured: MNIST (47.1 MB) with its test set
 * (7.9 MB) in 56.0 MB of storage memory left one training shard uncached, re-read on every step.
 *
 * @param trainBytes pixel and label bytes of the training set
 * @param otherBytes bytes of the other sets held in memory whatever the choice (test, validation)
 * @param storageBytes the storage memory of the block managers that hold cached data (Spark's
 *     unified region: (heap − 300 MiB) × spark.memory.fraction each), or {@link #UNKNOWN}
 * @param executors how many block managers {@code storageBytes} sums
 */
public record StorageFit(long trainBytes, long otherBytes, long storageBytes, int executors) {
    /** The storage memory is not known (no executor has registered yet). */
    public static final long UNKNOWN = -1;

    /**
     * Storage memory caching every set needs at worst: the sets, plus the extra half of the larger
     * one that Spark reserves while all its partitions are built at once.
     */
    public long neededBytes() {
        return trainBytes + otherBytes + Math.max(trainBytes, otherBytes) / 2;
    }

    /** Whether holding every set in memory needs more than the storage memory; false when unknown. */
    public boolean exceedsStorage() {
        return storageBytes != UNKNOWN && neededBytes() > storageBytes;
    }

    /**
     * How {@code policy} holds the training set here: its {@code memory} or {@code blocks} as set;
     * {@code auto} out of core when the training set exceeds {@code input.memoryLimitMb} or the sets
     * exceed the storage memory (the smaller limit wins), else in memory.
     */
    public BlockPolicy.Storage choose(BlockPolicy policy) {
        return switch (policy.storage()) {
            case MEMORY, BLOCKS -> policy.storage();
            case AUTO -> policy.useBlocks(trainBytes) || exceedsStorage()
                    ? BlockPolicy.Storage.BLOCKS : BlockPolicy.Storage.MEMORY;
        };
    }

    /** The error for {@code input.storage=memory} when {@link #exceedsStorage()}: the sizes and the key to change. */
    public String memoryDoesNotFit(String otherSets) {
        return "input.storage=memory, but " + doesNotFit(otherSets) + ": every step would read the training set "
                + "from the files again; set input.storage=blocks, or give Spark more memory";
    }

    /**
     * Why {@code auto} holds the training set out of core, for the console; null when it holds it
     * in memory or the storage was set explicitly.
     */
    public String autoChoseBlocks(BlockPolicy policy, String otherSets) {
        if (policy.storage() != BlockPolicy.Storage.AUTO || choose(policy) != BlockPolicy.Storage.BLOCKS) {
            return null;
        }
        return "input.storage=auto holds the training set out of core: " + (policy.useBlocks(trainBytes)
                ? String.format(Locale.ROOT, "its %s exceed input.memoryLimitMb=%d", mb(trainBytes),
                        policy.memoryLimitBytes() / 1_000_000)
                : doesNotFit(otherSets));
    }

    private String doesNotFit(String otherSets) {
        return String.format(Locale.ROOT, "the training set (%s) and the %s (%s) need up to %s of Spark's storage "
                + "memory while they are cached, more than its %s on %d %s", mb(trainBytes), otherSets,
                mb(otherBytes), mb(neededBytes()), mb(storageBytes), executors,
                executors == 1 ? "executor" : "executors");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
