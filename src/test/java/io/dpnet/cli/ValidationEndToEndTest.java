package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A validation split, early stopping on a run that overfits, and the best model being the one saved. */
class ValidationEndToEndTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        // Heavy noise and few samples: a wide network memorizes the training part and the
        // validation loss soon rises — the case early stopping exists for.
        SyntheticIdx.write(data, "train", 600, 8, 4, 31, 0.5);
        SyntheticIdx.write(data, "t10k", 300, 8, 4, 32);
    }

    private static String[] args(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--out", out.toString(), "--progress", "line",
                "--set", "layers=64,256,4", "--set", "activations=relu,softmax", "--set", "batchSize=20",
                "--set", "learningRate=0.01", "--set", "master=local[2]", "--set", "partitions=2",
                "--set", "data.dir=" + data, "--set", "validation.fraction=0.5"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void earlyStoppingKeepsTheBestEpochsWeights(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("stopped");
        assertThat(Main.run(args(out, "--set", "epochs=30", "--set", "earlyStopping.patience=3"))).isZero();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        SavedModel model = ModelIo.load(new Configuration(), out.resolve("model").toString());
        int best = ((Number) model.metrics().get("bestEpoch")).intValue();
        assertThat(((Number) model.metrics().get("stoppedEarly")).intValue()).isEqualTo(1);
        assertThat(lines).hasSize(best + 3);  // stopped after 3 epochs without improvement
        double bestLoss = json.readTree(lines.get(best - 1)).get("valLoss").asDouble();
        for (String line : lines) {
            JsonNode m = json.readTree(line);
            assertThat(m.get("valLoss").asDouble()).isGreaterThanOrEqualTo(bestLoss);
            assertThat(m.get("valAccuracy").isNumber()).isTrue();
        }
        assertThat(json.readTree(lines.get(lines.size() - 1)).get("valLoss").asDouble()).isGreaterThan(bestLoss);

        // The saved model is epoch `best`'s: a run of exactly `best` epochs ends with the same weights.
        Path shorter = tmp.resolve("shorter");
        assertThat(Main.run(args(shorter, "--set", "epochs=" + best))).isZero();
        assertThat(model.params()).containsExactly(
                ModelIo.load(new Configuration(), shorter.resolve("model").toString()).params());
    }

    @Test
    void earlyStoppingWithoutValidationIsAConfigError(@TempDir Path tmp) {
        CliRun refused = CliRun.run(args(tmp.resolve("x"), "--set", "validation.fraction=0",
                "--set", "earlyStopping.patience=2"));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("dpnet: error: "
                + "earlyStopping.patience needs a validation set: set validation.fraction or validation.path\n");
    }
}
