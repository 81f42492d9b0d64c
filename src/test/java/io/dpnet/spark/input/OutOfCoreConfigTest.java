package io.dpnet.spark.input;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Out of core is for IDX sets: asking for it on another format fails before Spark starts. */
class OutOfCoreConfigTest {
    @TempDir
    Path dir;

    @Test
    void blocksOnALibsvmSetIsAConfigErrorNamingTheFormat() throws IOException {
        Path file = Files.writeString(dir.resolve("train.libsvm"), "1 1:0.5\n");
        TrainConfig config = TrainConfig.defaults().with("layers=4,3", "activations=softmax", "data.format=libsvm",
                "data.train=" + file, "data.test=" + file, "input.storage=blocks");
        assertThatThrownBy(() -> TrainingSets.open(new Configuration(), config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("input.storage=blocks reads IDX files only; data.format is libsvm");
    }
}
