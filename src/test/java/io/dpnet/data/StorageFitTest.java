package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.BlockPolicy.Storage;
import org.junit.jupiter.api.Test;

/**
 * How the training set is held, from its size, the other cached sets' and Spark's storage memory:
 * {@code auto} takes the smaller of input.memoryLimitMb and the storage memory, and the messages
 * name the sizes.
 */
class StorageFitTest {
    private static final long MNIST = 60_000L * 785;
    private static final long T10K = 10_000L * 785;
    private static final BlockPolicy AUTO = new BlockPolicy(Storage.AUTO, 16384, 8, 1_024_000_000L);
    private static final BlockPolicy MEMORY = new BlockPolicy(Storage.MEMORY, 16384, 8, 1_024_000_000L);
    private static final BlockPolicy BLOCKS = new BlockPolicy(Storage.BLOCKS, 16384, 8, 1_024_000_000L);

    @Test
    void autoKeepsASetInMemoryWhenEverySetFitsTheStorageMemoryAndTheLimit() {
        // 8 GB heap: (8192 - 300) MiB x 0.6 of storage.
        StorageFit fit = new StorageFit(MNIST, T10K, 4_965_217_075L, 1);
        assertThat(fit.exceedsStorage()).isFalse();
        assertThat(fit.choose(AUTO)).isEqualTo(Storage.MEMORY);
        assertThat(fit.autoChoseBlocks(AUTO, "test set")).isNull();
    }

    @Test
    void autoHoldsTheSetInBlocksWhenTheSetsExceedTheStorageMemoryThoughNotTheLimit() {
        // 512 MB heap with spark.memory.fraction=0.05: (512 - 300) MiB x 0.05 = 11,114,905 bytes.
        StorageFit fit = new StorageFit(30_000L * 785, T10K, 11_114_905L, 1);
        assertThat(AUTO.useBlocks(30_000L * 785)).as("below input.memoryLimitMb").isFalse();
        assertThat(fit.exceedsStorage()).isTrue();
        assertThat(fit.choose(AUTO)).isEqualTo(Storage.BLOCKS);
        assertThat(fit.autoChoseBlocks(AUTO, "test set")).isEqualTo("input.storage=auto holds the training set "
                + "out of core: the training set (23.6 MB) and the test set (7.9 MB) need up to 43.2 MB of Spark's "
                + "storage memory while they are cached, more than its 11.1 MB on 1 executor");
    }

    @Test
    void cachingNeedsTheSetsPlusHalfTheLargerForTheBlocksBeingBuilt() {
        long needed = MNIST + T10K + MNIST / 2;
        assertThat(new StorageFit(MNIST, T10K, needed, 1).neededBytes()).isEqualTo(78_500_000L);
        assertThat(new StorageFit(MNIST, T10K, needed, 1).choose(AUTO)).as("exactly enough").isEqualTo(Storage.MEMORY);
        assertThat(new StorageFit(MNIST, T10K, needed - 1, 1).choose(AUTO)).isEqualTo(Storage.BLOCKS);
        // Measured with input.storage=memory: 56.0 MB of storage memory for these 55.0 MB left a
        // training shard uncached, read again on every step. The raw sum is not enough.
        assertThat(new StorageFit(MNIST, T10K, 56_020_000L, 1).choose(AUTO)).isEqualTo(Storage.BLOCKS);
        // The test set counts: caching it may evict training blocks.
        assertThat(new StorageFit(MNIST, 0, MNIST * 3 / 2, 1).choose(AUTO)).isEqualTo(Storage.MEMORY);
        assertThat(new StorageFit(MNIST, T10K, MNIST * 3 / 2, 1).choose(AUTO)).isEqualTo(Storage.BLOCKS);
        // A test set larger than the training set is the one whose blocks are built with headroom.
        assertThat(new StorageFit(T10K, MNIST, MNIST + T10K + T10K / 2, 1).exceedsStorage()).isTrue();
    }

    @Test
    void theLimitStillDecidesWhenItIsTheSmallerOneOrTheStorageMemoryIsUnknown() {
        long big = 1_300_000_000L;
        StorageFit plenty = new StorageFit(big, T10K, 40_000_000_000L, 4);
        assertThat(plenty.choose(AUTO)).isEqualTo(Storage.BLOCKS);
        assertThat(plenty.autoChoseBlocks(AUTO, "test set"))
                .isEqualTo("input.storage=auto holds the training set out of core: its 1300.0 MB exceed "
                        + "input.memoryLimitMb=1024");
        StorageFit unknown = new StorageFit(MNIST, T10K, StorageFit.UNKNOWN, 0);
        assertThat(unknown.exceedsStorage()).isFalse();
        assertThat(unknown.choose(AUTO)).isEqualTo(Storage.MEMORY);
        assertThat(new StorageFit(big, T10K, StorageFit.UNKNOWN, 0).choose(AUTO)).isEqualTo(Storage.BLOCKS);
    }

    @Test
    void memoryAndBlocksAreKeptAsSetAndMemoryThatCannotFitSaysWhatToChange() {
        StorageFit tight = new StorageFit(MNIST, T10K, 20_000_000L, 2);
        assertThat(tight.choose(MEMORY)).isEqualTo(Storage.MEMORY);
        assertThat(tight.choose(BLOCKS)).isEqualTo(Storage.BLOCKS);
        assertThat(tight.autoChoseBlocks(MEMORY, "test set")).isNull();
        assertThat(tight.autoChoseBlocks(BLOCKS, "test set")).as("not auto's choice").isNull();
        assertThat(tight.memoryDoesNotFit("test and validation sets")).isEqualTo("input.storage=memory, but the "
                + "training set (47.1 MB) and the test and validation sets (7.9 MB) need up to 78.5 MB of Spark's "
                + "storage memory while they are cached, more than its 20.0 MB on 2 executors: every step would read "
                + "the training set from the files again; set input.storage=blocks, or give Spark more memory");
    }
}
