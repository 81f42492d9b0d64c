package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
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

/** The train and evaluate commands end to end on a small synthetic dataset, plus their errors. */
class CliTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 2000, 8, 4, 11);
        SyntheticIdx.write(data, "t10k", 500, 8, 4, 12);
    }

    private static String[] trainArgs(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString(), "--progress", "line",
                "--set", "layers=64,32,4", "--set", "activations=relu,softmax", "--set", "epochs=3",
                "--set", "batchSize=50", "--set", "master=local[2]", "--set", "data.dir=" + data,
                "--set", "learningRate=0.005"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainWritesModelMetricsAndEvaluationThatEvaluateReproduces(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliRun train = run(trainArgs(out));
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 3/3 | train loss").contains("dpnet: test accuracy")
                .containsPattern("peak heap \\d+ MB")
                .containsPattern("cached: \\d+\\.\\d MB \\+ \\d+\\.\\d MB");

        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode last = json.readTree(lines.get(2));
        for (String key : List.of("epoch", "trainLoss", "trainAccuracy", "testAccuracy", "samplesPerSecond",
                "elapsedSeconds")) {
            assertThat(last.has(key)).as(key).isTrue();
        }
        assertThat(last.get("epoch").asInt()).isEqualTo(3);
        assertThat(last.get("learningRate").asDouble()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.readTree(lines.get(0)).get("elapsedSeconds").asDouble())
                .isLessThanOrEqualTo(last.get("elapsedSeconds").asDouble());

        JsonNode eval = json.readTree(out.resolve("eval.json").toFile());
        double accuracy = eval.get("accuracy").asDouble();
        assertThat(accuracy).isGreaterThan(0.9);  // 4 well-separated prototypes
        assertThat(eval.get("confusionMatrix")).hasSize(4);
        assertThat(last.get("testAccuracy").asDouble()).isEqualTo(accuracy);

        // The report comes with every run (its contents are ReportWriterTest's business).
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("misclassified.json")).isRegularFile();
        assertThat(train.out()).contains(out.resolve("report.html").toString());

        SavedModel model = ModelIo.load(new Configuration(), out.resolve("model").toString());
        assertThat(model.spec().sizes()).containsExactly(64, 32, 4);
        assertThat(model.datasetChecksums()).containsKeys("train-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
        assertThat(model.trainingConfig()).containsEntry("epochs", "3");

        // The batch evaluation job on the saved model gives the same numbers.
        Path report = tmp.resolve("again.json");
        CliRun evaluate = run("evaluate", "--model", out.resolve("model").toString(), "--data", data.toString(),
                "--out", report.toString(), "--master", "local[2]");
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("accuracy");
        JsonNode again = json.readTree(report.toFile());
        assertThat(again.get("accuracy").asDouble()).isEqualTo(accuracy);
        assertThat(again.get("meanLogLoss").asDouble()).isCloseTo(eval.get("meanLogLoss").asDouble(),
                org.assertj.core.data.Offset.offset(1e-9));

        // Never overwrite results silently.
        CliRun refused = run(trainArgs(out));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("dpnet: error: output directory " + out
                + " already exists (pass --overwrite to replace it)\n");
    }

    @Test
    void unknownConfigKeyFailsWithASuggestionBeforeSparkStarts(@TempDir Path tmp) {
        CliRun c = run(trainArgs(tmp.resolve("x"), "--set", "learningrate=0.1"));
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).isEqualTo("dpnet: error: unknown config key 'learningrate' in --set (did you mean "
                + "'learningRate'?); run 'dpnet train --help' for the list of keys\n");
    }

    @Test
    void badValuesFailWithTheKeyAndValue(@TempDir Path tmp) {
        assertThat(run(trainArgs(tmp.resolve("a"), "--set", "learningRate=-0.1")).err())
                .isEqualTo("dpnet: error: learningRate must be a positive number, got -0.1\n");
        assertThat(run(trainArgs(tmp.resolve("b"), "--set", "batchSize=0")).err())
                .isEqualTo("dpnet: error: batchSize must be a positive integer, got 0\n");
        assertThat(run(trainArgs(tmp.resolve("c"), "--set", "layers=64,32,5,4")).err())
                .isEqualTo("dpnet: error: layers/activations/loss: 4 layer sizes make 3 dense layers, but 2 "
                        + "activations were given\n");
        assertThat(run(trainArgs(tmp.resolve("d"), "--set", "activations=relu,swish")).err())
                .startsWith("dpnet: error: activations: unknown activation 'swish'");
        assertThat(run(trainArgs(tmp.resolve("f"), "--set", "lr.schedule=exponential")).err())
                .isEqualTo("dpnet: error: unknown lr.schedule 'exponential' (expected constant, step or cosine)\n");
        assertThat(run(trainArgs(tmp.resolve("e"), "--set", "optimizer=adagrad")).err())
                .startsWith("dpnet: error: unknown optimizer 'adagrad'");
    }

    @Test
    void missingDataAndInputSizeMismatchAreReportedWithPaths(@TempDir Path tmp) {
        CliRun missing = run(trainArgs(tmp.resolve("m"), "--set", "data.dir=" + tmp.resolve("nowhere")));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("dpnet: error: neither " + tmp.resolve("nowhere")
                + "/train-images-idx3-ubyte nor");

        CliRun mismatch = run(trainArgs(tmp.resolve("n"), "--set", "layers=784,32,4"));
        assertThat(mismatch.err()).isEqualTo("dpnet: error: the model's input layer takes 784 features but "
                + data.resolve("train-images-idx3-ubyte") + " has 8x8 = 64 and "
                + data.resolve("t10k-images-idx3-ubyte") + " has 64\n");
    }

    @Test
    void divergenceStopsWithEpochStepCauseAndTheLastGoodCheckpoint(@TempDir Path tmp) {
        Path out = tmp.resolve("diverged");
        // A linear network under MSE with a huge step grows its weights geometrically: a sure overflow.
        CliRun c = run(trainArgs(out, "--set", "optimizer=sgd", "--set", "learningRate=1e6",
                "--set", "activations=linear,linear", "--set", "loss=mse", "--set", "checkpoint.every=1 steps"));
        assertThat(c.code()).isEqualTo(2);
        // Spark may log warnings to stderr first; the error is dpnet's last line.
        String error = c.err().substring(c.err().indexOf("dpnet: error:"));
        assertThat(error).matches("dpnet: error: training diverged at epoch 1, step \\d+: the loss or gradient is "
                + "NaN or infinite \\(loss sum .*\\); the learning rate is most likely too high for this model and "
                + "batch size; the last good checkpoint is .*/checkpoints/ckpt-\\d{12} \\(continue with: dpnet train "
                + "--resume " + java.util.regex.Pattern.quote(out.toString()) + " --set learningRate=<lower>\\)\n");
        assertThat(Files.exists(out.resolve("model"))).as("a failed run leaves no model").isFalse();
    }

    @Test
    void helpListsEveryConfigKey() {
        CliRun help = run("train", "--help");
        assertThat(help.code()).isZero();
        for (var key : io.dpnet.config.TrainConfig.KEYS) {
            assertThat(help.out()).contains(key.name());
        }
    }
}
