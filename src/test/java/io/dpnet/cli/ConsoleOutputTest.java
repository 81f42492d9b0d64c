package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.testing.SyntheticFormats;
import io.dpnet.testing.SyntheticIdx;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on the console, in a JVM started the way {@code scripts/dpnet} starts one (the
 * CLI's main, {@code conf/log4j2.properties}, the module flags): one log format — dpnet's lines, no
 * {@code java.util.logging} records, none of Spark's start-up warnings — no ERROR and no stack trace
 * on success, and on a bad input line exactly dpnet's error line naming the file with the trace.
 *
 * <p>A child JVM, not {@link io.dpnet.testing.CliRun}: log4j's console appender holds on to the
 * stderr of the JVM's start, and the JUL records this guards against are printed by the JVM's own
 * handler, so only a fresh process shows the real console.
 */
class ConsoleOutputTest {
    /** The JVM itself prints this for --add-modules jdk.incubator.vector; no option turns it off. */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final Path LOG_CONFIG = Paths.get("conf/log4j2.properties").toAbsolutePath();

    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 600, 6, 3, 21);
        SyntheticIdx.write(data, "t10k", 200, 6, 3, 22);
        SyntheticFormats.writeLibsvm(SyntheticFormats.read(data, "train"), data.resolve("train.libsvm"));
        List<String> test = new ArrayList<>(Files.readAllLines(data.resolve("train.libsvm")).subList(0, 50));
        test.set(3, "1 0:0.5 3:1");
        Files.write(data.resolve("bad.libsvm"), test);
    }

    private static List<String> train(Path out, String... settings) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--progress", "line",
                "--set", "layers=36,16,3", "--set", "activations=relu,softmax", "--set", "epochs=1",
                "--set", "batchSize=50", "--set", "master=local[2]"));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    @Test
    void aSuccessfulTrainAndEvaluatePrintOnlyDpnetsLines(@TempDir Path tmp) throws Exception {
        Console train = runCli(tmp, "train", train(tmp.resolve("run"), "data.dir=" + data));
        assertThat(train.exitCode).as(train.all()).isZero();
        assertNoErrorsOrTraces(train);
        assertThat(train.stderrLines()).as(train.all()).allMatch(l -> l.startsWith("dpnet: "))
                .anyMatch(l -> l.matches("dpnet: kernel: vector \\(FloatVector \\d+-bit\\)"));
        assertThat(train.stdoutLines()).as(train.all()).allMatch(l -> l.startsWith("dpnet: ") || l.startsWith("epoch "))
                .anyMatch(l -> l.startsWith("dpnet: test accuracy "));

        Console eval = runCli(tmp, "evaluate", List.of("evaluate", "--model", tmp.resolve("run/model").toString(),
                "--data", data.toString(), "--out", tmp.resolve("eval.json").toString()));
        assertThat(eval.exitCode).as(eval.all()).isZero();
        assertNoErrorsOrTraces(eval);
        assertThat(eval.stderrLines()).as(eval.all()).allMatch(l -> l.startsWith("dpnet: "));
        assertThat(eval.stdout).contains("dpnet: wrote " + tmp.resolve("eval.json"));
    }

    @Test
    void aBadLibsvmLinePrintsDpnetsErrorLineAndTheTraceGoesToTheFileItNames(@TempDir Path tmp) throws Exception {
        Path bad = data.resolve("bad.libsvm");
        Console c = runCli(tmp, "bad-libsvm", train(tmp.resolve("run"), "data.format=libsvm",
                "data.train=" + data.resolve("train.libsvm"), "data.test=" + bad));
        assertThat(c.exitCode).as(c.all()).isEqualTo(2);
        assertNoErrorsOrTraces(c);
        List<String> errors = c.stderrLines().stream().filter(l -> !l.startsWith("dpnet: kernel: ")).toList();
        assertThat(errors).as(c.all()).hasSize(1);
        Matcher m = Pattern.compile(Pattern.quote("dpnet: error: " + bad + ": line 4: feature index 0 is not ≥ 1")
                + " \\(full trace in (.+)\\)").matcher(errors.get(0));
        assertThat(m.matches()).as(errors.get(0)).isTrue();
        Path trace = Paths.get(m.group(1));
        assertThat(trace).as("the trace goes to the child's java.io.tmpdir").hasParent(tmp.resolve("java-tmp"));
        assertThat(Files.readString(trace)).startsWith("dpnet train failed at ")
                .contains("InputFormatException: " + bad + ": line 4: feature index 0 is not ≥ 1\n\tat ")
                .contains("Caused by: org.apache.spark.SparkException: Job aborted due to stage failure");
        assertThat(tmp.resolve("run/model")).doesNotExist();
    }

    private static void assertNoErrorsOrTraces(Console c) {
        for (String stream : List.of(c.stdout, String.join("\n", c.stderrLines()))) {
            assertThat(stream).as(c.all()).doesNotContain("ERROR", "\tat ", "Exception")
                    // java.util.logging's default two-line record: "Dec 06, 2026 9:49:26 AM class method", "INFO: ..."
                    .doesNotContainPattern("(?m)^(SEVERE|WARNING|INFO): ")
                    .doesNotContainPattern("(?m)^[A-Z][a-z]{2} \\d{1,2}, \\d{4} ")
                    // Spark's start-up warnings (log4j's "HH:mm:ss WARN Class: ..." lines)
                    .doesNotContainPattern("(?m)^\\d\\d:\\d\\d:\\d\\d (WARN|INFO) ");
        }
    }

    private record Console(int exitCode, String stdout, String stderr) {
        /** stderr without the JVM's own start-up warning. */
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.equals(INCUBATOR_WARNING)).toList();
        }

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        String all() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** The CLI's main in a new JVM with this JVM's classpath and module flags and dpnet's console log config. */
    private static Console runCli(Path tmp, String name, List<String> args) throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=file:" + LOG_CONFIG,
                "-Djava.io.tmpdir=" + javaTmp, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("dpnet " + name + " did not finish within 5 minutes; output in " + out + ", "
                    + err);
        }
        return new Console(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
