package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.BlockPolicy;
import org.junit.jupiter.api.Test;

/** The {@code input.*} keys: parsed once into a {@link BlockPolicy}, bad values named with the key. */
class InputStorageConfigTest {
    @Test
    void defaultsKeepSetsUpToOneGigabyteInMemoryAndCutLargerOnesIntoBlocks() {
        BlockPolicy p = TrainConfig.defaults().blockPolicy();
        assertThat(p).isEqualTo(new BlockPolicy(BlockPolicy.Storage.AUTO, 16384, 8, 1_024_000_000L));
        assertThat(p.useBlocks(60_000L * 785)).as("MNIST").isFalse();
        assertThat(p.useBlocks(1_024_000_000L)).isFalse();
        assertThat(p.useBlocks(1_024_000_001L)).isTrue();
        assertThat(p.useBlocks(8_100_000L * 785)).as("the 8.1 M set").isTrue();
    }

    @Test
    void memoryAndBlocksOverrideTheSize() {
        assertThat(TrainConfig.defaults().with("input.storage=memory").blockPolicy().useBlocks(Long.MAX_VALUE))
                .isFalse();
        BlockPolicy blocks = TrainConfig.defaults()
                .with("input.storage=blocks", "input.blockSize=256", "input.window=3").blockPolicy();
        assertThat(blocks.useBlocks(1)).isTrue();
        assertThat(blocks.blockSize()).isEqualTo(256);
        assertThat(blocks.window()).isEqualTo(3);
    }

    @Test
    void badValuesFailBeforeSparkStartsNamingTheKey() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("input.storage=disk"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("input.storage must be auto, memory or blocks, got 'disk'");
        assertThatThrownBy(() -> TrainConfig.defaults().with("input.window=0"))
                .hasMessage("input.window must be a positive integer, got 0");
        assertThatThrownBy(() -> TrainConfig.defaults().with("input.blockSize=big"))
                .hasMessage("input.blockSize must be an integer, got 'big'");
        assertThatThrownBy(() -> TrainConfig.defaults().with("input.memoryLimitMb=-1"))
                .hasMessage("input.memoryLimitMb must be a positive integer, got -1");
    }
}
