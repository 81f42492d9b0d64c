package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} says in one line, before the first epoch, when {@code sync.engine=auto} runs one
 * Spark job per step because the resident engine does not apply — and says nothing when it does.
 */
class StepEngineNoteCliTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 300, 6, 3, 31);
        SyntheticIdx.write(data, "t10k", 100, 6, 3, 32);
    }

    private static CliRun train(Path out, int partitions) {
        return run("train", "--out", out.toString(), "--progress", "line", "--set", "layers=36,8,3",
                "--set", "activations=relu,softmax", "--set", "epochs=1", "--set", "batchSize=50",
                "--set", "master=local[2]", "--set", "data.dir=" + data, "--set", "partitions=" + partitions);
    }

    @Test
    void morePartitionsThanTaskSlotsAreNamedBeforeTraining(@TempDir Path tmp) {
        CliRun r = train(tmp.resolve("run"), 3);
        assertThat(r.code()).as(r.err()).isZero();
        String note = "dpnet: synchronous steps: one Spark job per step (the resident engine does not apply: "
                + "3 partitions exceed the 2 task slots of local[2] (all tasks of a step must run at once))\n";
        assertThat(r.out()).containsOnlyOnce(note);
        assertThat(r.out().indexOf(note)).as("before the first epoch").isLessThan(r.out().indexOf("epoch 1/1"));
    }

    @Test
    void theResidentEngineRunsWithoutANote(@TempDir Path tmp) {
        CliRun r = train(tmp.resolve("run"), 2);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 1/1").doesNotContain("synchronous steps:");
    }
}
