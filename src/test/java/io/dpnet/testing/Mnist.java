package io.dpnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the real MNIST files live for tests: fetched by scripts/fetch-mnist.sh (the test command runs it). */
public final class Mnist {
    public static final Path DIR = Paths.get("data/mnist");

    private Mnist() {
    }

    /** Fails (not skips: a skipped end-to-end test hides a broken set-up) when MNIST is absent. */
    public static Path require() {
        assertThat(Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte")))
                .as("MNIST is missing in " + DIR.toAbsolutePath() + ": run scripts/fetch-mnist.sh (scripts/test.sh does)")
                .isTrue();
        return DIR;
    }
}
