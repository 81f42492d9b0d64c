package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} says in one line, before the first epoch, when a local-SGD setting is known to lose accuracy. */
class LocalSgdWarningCliTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 400, 8, 4, 21);
        SyntheticIdx.write(data, "t10k", 100, 8, 4, 22);
    }

    private static CliRun train(Path out, int partitions) {
        return run("train", "--out", out.toString(), "--progress", "line", "--set", "layers=64,16,4",
                "--set", "activations=relu,softmax", "--set", "epochs=1", "--set", "batchSize=64",
                "--set", "master=local[2]", "--set", "data.dir=" + data, "--set", "sync=average",
                "--set", "sync.localSteps=2", "--set", "partitions=" + partitions);
    }

    @Test
    void fourPartitionsOfABatchOf64AreWarnedAboutBeforeTraining(@TempDir Path tmp) {
        CliRun r = train(tmp.resolve("run"), 4);
        assertThat(r.code()).as(r.err()).isZero();
        String warning = "dpnet: warning: local SGD with 16 samples per partition per step (batchSize 64 / 4 "
                + "partitions) is known to lose accuracy against synchronous SGD below 128; use sync=sync, "
                + "sync.localAfterEpochs=2, partitions <= 1, or batchSize >= 512 (docs/local-sgd.md)\n";
        assertThat(r.out()).containsOnlyOnce(warning);
        assertThat(r.out().indexOf(warning)).as("before the first epoch").isLessThan(r.out().indexOf("epoch 1/1"));
    }

    @Test
    void onePartitionIsNotWarnedAbout(@TempDir Path tmp) {
        CliRun r = train(tmp.resolve("run"), 1);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 1/1").doesNotContain("warning");
    }
}
