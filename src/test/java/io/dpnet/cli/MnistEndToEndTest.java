package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.testing.Mnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped configs on real MNIST through the CLI, in local[2] — what a user's first run does.
 * Slow (minutes), tagged "mnist"; part of the default suite and CI.
 */
@Tag("mnist")
class MnistEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode train(Path out, String conf) throws Exception {
        Mnist.require();
        int code = Main.run("train", "--conf", conf, "--set", "master=local[2]", "--set", "data.dir=" + Mnist.DIR,
                "--out", out.toString(), "--progress", "line");
        assertThat(code).isZero();
        return JSON.readTree(out.resolve("eval.json").toFile());
    }

    @Test
    void mnistConfigReachesAtLeast97point5PercentTestAccuracy(@TempDir Path tmp) throws Exception {
        JsonNode eval = train(tmp.resolve("mnist"), "conf/mnist.properties");
        double accuracy = eval.get("accuracy").asDouble();
        System.out.printf("conf/mnist.properties: test accuracy %.4f%n", accuracy);
        assertThat(eval.get("count").asLong()).isEqualTo(10_000);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.975);
        List<String> epochs = Files.readAllLines(tmp.resolve("mnist/metrics.jsonl"));
        assertThat(epochs).hasSize(7);
        assertThat(Files.isRegularFile(tmp.resolve("mnist/model/weights.bin"))).isTrue();
    }

    @Test
    void seedNotebookConfigRunsTheNotebooksAlgorithmToCompletion(@TempDir Path tmp) throws Exception {
        JsonNode eval = train(tmp.resolve("seed"), "conf/seed-notebook.properties");
        double accuracy = eval.get("accuracy").asDouble();
        // Reported, not tuned: the notebook's literal SGD with eta = 1e-3 lands near 90%.
        System.out.printf("conf/seed-notebook.properties: test accuracy %.4f%n", accuracy);
        assertThat(Files.readAllLines(tmp.resolve("seed/metrics.jsonl"))).hasSize(10);
        assertThat(accuracy).isBetween(0.85, 0.95);
    }
}
