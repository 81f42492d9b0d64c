package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.model.ModelIo;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL mid-epoch and resumed from its newest checkpoint ends with exactly
 * the weights of a run that was never interrupted: runs are deterministic, and a checkpoint holds
 * the whole state (weights, Adam moments and step count, position, running sums).
 */
@Tag("slow")
class ResumeAfterKillTest {
    @TempDir
    static Path data;

    private static List<String> trainArgs(Path out) {
        return List.of("train", "--out", out.toString(), "--progress", "line",
                "--set", "layers=100,32,4", "--set", "activations=relu,softmax", "--set", "epochs=3",
                "--set", "batchSize=40", "--set", "master=local[2]", "--set", "partitions=2",
                "--set", "data.dir=" + data, "--set", "optimizer=adam", "--set", "lr.schedule=cosine",
                "--set", "checkpoint.every=10 steps", "--set", "checkpoint.keep=2");
    }

    @Test
    void killedAndResumedRunEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        SyntheticIdx.write(data, "train", 4000, 10, 4, 21);  // 100 steps per epoch
        SyntheticIdx.write(data, "t10k", 400, 10, 4, 22);

        Path reference = tmp.resolve("reference");
        assertThat(Main.run(trainArgs(reference).toArray(String[]::new))).isZero();

        Path killed = tmp.resolve("killed");
        Process child = startChild(trainArgs(killed), tmp.resolve("child.log"));
        Path checkpoints = killed.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Kill once a checkpoint in the middle of epoch 2 exists (global steps 100..199).
        while (newestCheckpointStep(checkpoints) < 130) {
            assertThat(child.isAlive()).as("the child finished or died before it could be killed; log:\n%s",
                    Files.exists(tmp.resolve("child.log")) ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
            assertThat(System.nanoTime()).as("no mid-run checkpoint within 120 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        child.destroyForcibly();  // SIGKILL: no shutdown hooks, nothing flushed
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = newestCheckpointStep(checkpoints);
        assertThat(killedAt).isLessThan(300);  // it really was killed before the end
        assertThat(Files.exists(killed.resolve("model"))).isFalse();

        assertThat(Main.run("train", "--resume", killed.toString(), "--progress", "line")).isZero();

        Configuration conf = new Configuration();
        float[] expected = ModelIo.load(conf, reference.resolve("model").toString()).params();
        float[] actual = ModelIo.load(conf, killed.resolve("model").toString()).params();
        assertThat(actual).containsExactly(expected);
        assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(3);
        try (Stream<Path> kept = Files.list(checkpoints)) {
            assertThat(kept.filter(p -> p.getFileName().toString().startsWith("ckpt-"))).hasSize(2);
        }
    }

    @Test
    void resumeWithoutCheckpointsSaysSo(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("run"));
        CliRun resume = CliRun.run("train", "--resume", tmp.resolve("run").toString());
        assertThat(resume.code()).isEqualTo(2);
        assertThat(resume.err()).isEqualTo("dpnet: error: no checkpoint "
                + "to resume from in " + tmp.resolve("run/checkpoints") + " (was the run started with checkpoint.every?)\n");
    }

    private static long newestCheckpointStep(Path checkpoints) throws Exception {
        if (!Files.isDirectory(checkpoints)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("ckpt-\\d{12}"))
                    .mapToLong(n -> Long.parseLong(n.substring(5))).max().orElse(-1);
        }
    }

    /** The CLI in a separate JVM with this JVM's classpath and module flags. */
    private static Process startChild(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
