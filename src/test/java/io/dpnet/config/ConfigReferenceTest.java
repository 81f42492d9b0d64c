package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is exactly the rendering of TrainConfig.KEYS; the rendering's grouping and escaping. */
class ConfigReferenceTest {
    @Test
    void theCommittedReferenceIsTheRenderingOfTrainConfigKeys() throws IOException {
        Path file = Paths.get(ConfigReference.DEFAULT_FILE); // surefire runs in the project root
        assertThat(file).as("%s is missing; generate it with %s", file, ConfigReference.REGENERATE_COMMAND)
                .isRegularFile();
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(committed)
                .as("%s differs from TrainConfig.KEYS; regenerate it with %s and commit the result",
                        file, ConfigReference.REGENERATE_COMMAND)
                .isEqualTo(ConfigReference.render());
    }

    @Test
    void everyKeyAppearsInExactlyOneRowWithItsDefault() {
        String md = ConfigReference.render();
        for (ConfigKey k : TrainConfig.KEYS) {
            String row = "| `" + k.name() + "` | " + (k.defaultValue().isEmpty() ? "(none)" : "`" + k.defaultValue()
                    + "`") + " | ";
            assertThat(md.split(java.util.regex.Pattern.quote(row), -1)).as(k.name()).hasSize(2);
        }
    }

    @Test
    void groupsByPrefixKeepingOrderWithUndottedKeysFirstAndABareKeyWithItsPrefix() {
        List<ConfigKey> keys = List.of(
                new ConfigKey("layers", "1,2", "widths"),
                new ConfigKey("lr.gamma", "0.1", "decay"),
                new ConfigKey("epochs", "3", "passes"),
                new ConfigKey("sync", "sync", "mode"),
                new ConfigKey("data.csv.header", "false", "header"),
                new ConfigKey("sync.localSteps", "1", "k"),
                new ConfigKey("data.dir", "", "dir"));
        assertThat(ConfigReference.groups(keys)).containsOnlyKeys("", "lr", "sync", "data");
        assertThat(ConfigReference.groups(keys).keySet()).containsExactly("", "lr", "sync", "data");
        assertThat(ConfigReference.groups(keys).get("").stream().map(ConfigKey::name)).containsExactly("layers",
                "epochs");
        assertThat(ConfigReference.groups(keys).get("sync").stream().map(ConfigKey::name)).containsExactly("sync",
                "sync.localSteps");
        assertThat(ConfigReference.groups(keys).get("data").stream().map(ConfigKey::name))
                .containsExactly("data.csv.header", "data.dir");

        String md = ConfigReference.render(keys);
        assertThat(md).contains("\n## Model, optimizer, training and Spark\n\n| key | default | description |\n"
                        + "|---|---|---|\n| `layers` | `1,2` | widths |\n| `epochs` | `3` | passes |\n")
                .contains("\n## Learning-rate schedule (`lr.*`)\n")
                .contains("\n## Synchronization: synchronous SGD or local SGD (`sync.*`)\n")
                .contains("| `data.dir` | (none) | dir |\n");
        assertThat(md.indexOf("(`lr.*`)")).isLessThan(md.indexOf("(`sync.*`)"));
        assertThat(md.indexOf("(`sync.*`)")).isLessThan(md.indexOf("(`data.*`)"));
    }

    @Test
    void pipesAndLineBreaksCannotBreakTheTable() {
        String md = ConfigReference.render(List.of(new ConfigKey("x.sep", "|", "a | b\nc")));
        assertThat(md).contains("| `x.sep` | `\\|` | a \\| b c |\n");
    }

    @Test
    void anUnknownPrefixIsHeadedByItsName() {
        assertThat(ConfigReference.render(List.of(new ConfigKey("embedding.dim", "8", "width"))))
                .contains("\n## embedding (`embedding.*`)\n");
    }
}
