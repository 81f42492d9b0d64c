package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpnet plan}'s option errors: one line each, before anything is measured (no Spark starts). */
class PlanCliTest {
    private static void assertError(String message, String... args) {
        CliRun r = run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dpnet: error: " + message);
        assertThat(r.out()).doesNotContain("measuring");
    }

    @Test
    void badNetworkOptions() {
        assertError("--network-gbps must be a positive number of Gb/s, got 0.0", "plan", "--network-gbps", "0");
        assertError("--network-gbps must be a positive number of Gb/s, got -5.0", "plan", "--network-gbps", "-5");
        assertError("--latency-ms must be zero or more milliseconds, got -0.1", "plan", "--latency-ms", "-0.1");
    }

    @Test
    void badSizes() {
        assertError("--max-executors must be between 1 and 4096, got 0", "plan", "--max-executors", "0");
        assertError("--max-executors must be between 1 and 4096, got 5000", "plan", "--max-executors", "5000");
        assertError("--cores-per-executor must be between 1 and 1024, got 0", "plan", "--cores-per-executor", "0");
        assertError("--reps must be between 5 and 1000, got 2", "plan", "--reps", "2");
        assertError("--samples must be at least 1, got 0", "plan", "--samples", "0");
    }

    @Test
    void aMissingConfOrRunIsNamed(@TempDir Path tmp) {
        Path conf = tmp.resolve("nope.properties");
        assertError("config file " + conf + " does not exist", "plan", "--conf", conf.toString());
        Path runDir = tmp.resolve("no-run");
        assertError("--against " + runDir + ": no metrics.jsonl there (give a run directory written by dpnet train)",
                "plan", "--against", runDir.toString(), "--set", "layers=4,3", "--set", "activations=softmax",
                "--samples", "100");
    }

    @Test
    void weightsOfAnotherNetworkOrNoModelAreNamed(@TempDir Path tmp) throws Exception {
        Path none = tmp.resolve("none");
        assertError("--weights " + none + ": " + none + ": model directory does not exist",
                "plan", "--weights", none.toString(), "--set", "layers=4,3", "--set", "activations=softmax",
                "--samples", "100");
        ModelSpec other = ModelSpec.of(new int[] {4, 5, 3}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        Path model = tmp.resolve("model");
        ModelIo.save(new Configuration(), model.toString(),
                SavedModel.builder(other, new float[other.paramCount()]).build(), false);
        ModelSpec configured = ModelSpec.of(new int[] {4, 3}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        assertError("--weights " + model + ": the model at " + model + " is " + other
                        + ", the configuration's network is " + configured,
                "plan", "--weights", model.toString(), "--set", "layers=4,3", "--set", "activations=softmax",
                "--samples", "100");
    }

    @Test
    void aTabularConfigIsRefused() {
        assertError("plan models the dense synchronous step; tabular and text (block) configurations are not supported",
                "plan", "--conf", "conf/ames.properties", "--samples", "10");
    }

    @Test
    void validationComparesTheRunsEpochsAfterItsFirstHalf() {
        // The first half of a run holds the JIT warm-up (a fresh cluster: 41 ms per step in epoch 2, 22 in epoch 7).
        assertThat(PlanCommand.firstSteadyEpoch(1)).isEqualTo(1);
        assertThat(PlanCommand.firstSteadyEpoch(2)).isEqualTo(2);
        assertThat(PlanCommand.firstSteadyEpoch(3)).isEqualTo(3);
        assertThat(PlanCommand.firstSteadyEpoch(4)).isEqualTo(3);
        assertThat(PlanCommand.firstSteadyEpoch(7)).isEqualTo(5);
    }
}
