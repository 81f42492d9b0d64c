package io.dpnet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.testing.Mnist;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * dpnet on a real Spark standalone cluster — a Master and two Workers started by
 * {@code scripts/cluster.sh} as separate JVMs, jobs submitted by {@code scripts/dpnet --cluster}
 * through Spark's own SparkSubmit with the thin application jar — exactly what a user runs.
 *
 * <p>Where it builds: the scripts build the application jar with Maven, and a Maven build in this
 * project's {@code target/} while these tests run would recompile {@code target/classes} under the
 * test JVM (the compiler deletes its earlier outputs before an incremental rebuild). So the test
 * runs the scripts from a copy of the project ({@code pom.xml}, {@code src/main}, {@code scripts},
 * {@code conf}) in {@code target/cluster-test/project}: {@code cluster.sh start} builds the jar
 * there (≈ 15 s when that copy's classes are current, ≈ 40 s from scratch) and the tests' own
 * classpath is never written to. The cluster's directory is {@code target/cluster-test/cluster},
 * so a developer's cluster in {@code target/cluster/} is left alone.
 *
 * <p>Runtime ≈ 3–4 minutes on 2 cores: build and start, three 2-epoch trainings (≈ 30–70 s each), one
 * evaluation (≈ 15 s); the wrong-secret client needs ≈ 60 s to give up (Spark retries registration
 * 3 × 20 s) and runs alongside the first training. Linux only (executors are found via /proc).
 */
@Tag("cluster")
@Tag("mnist")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Paths.get("").toAbsolutePath();
    private static final Path BASE = ROOT.resolve("target/cluster-test");
    /** The copy of the project the scripts run from (and build in). */
    private static final Path PROJECT = BASE.resolve("project");
    private static final List<String> PROJECT_FILES = List.of("pom.xml", "src/main", "scripts", "conf");
    private static final Path CLUSTER_DIR = BASE.resolve("cluster");
    private static final Path SPARK_HOME = CLUSTER_DIR.resolve("spark-home");
    private static final Path RUNS = BASE.resolve("runs");
    private static final Path CLIENT_LOGS = BASE.resolve("logs");
    private static final String CLUSTER_SH = PROJECT.resolve("scripts/cluster.sh").toString();
    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    /** Two epochs, so that "epoch 1/2" on the console marks a point in the middle of training. */
    private static final List<String> TRAIN = List.of("--cluster", "train", "--conf", "conf/mnist.properties",
            "--set", "data.dir=" + ROOT.resolve(Mnist.DIR), "--set", "epochs=2", "--set", "batchSize=1024",
            "--set", "learningRate=0.003", "--set", "partitions=2", "--progress", "line");

    private static Process wrongSecretClient;
    private static Path undisturbed;
    private static String undisturbedOutput;

    @BeforeAll
    static void startCluster() throws Exception {
        Mnist.require();
        preloadModelClasses();
        deleteRecursively(RUNS);
        Files.createDirectories(RUNS);
        Files.createDirectories(CLIENT_LOGS);
        copyProject();
        run("cluster-stop-stale", Duration.ofMinutes(2), CLUSTER_SH, "stop");
        Result start = run("cluster-start", Duration.ofMinutes(10),
                CLUSTER_SH, "start", "--workers", "2", "--cores", "1", "--memory", "2g");
        assertThat(start.exitCode).as("scripts/cluster.sh start failed:%n%s", start.output).isZero();
        // Started now so that its ~60 s of registration retries overlap the first training.
        wrongSecretClient = launch("wrong-secret",
                Map.of("DPNET_SUBMIT_ARGS", "--conf spark.authenticate.secret=" + "0".repeat(64)),
                args(TRAIN, "--out", RUNS.resolve("wrong-secret").toString()));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (wrongSecretClient != null && wrongSecretClient.isAlive()) {
            wrongSecretClient.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Result stop = run("cluster-stop", Duration.ofMinutes(3), CLUSTER_SH, "stop");
        assertThat(stop.exitCode).as("scripts/cluster.sh stop failed:%n%s", stop.output).isZero();
        assertThat(clusterProcesses("")).as("processes of the test cluster still running after stop").isEmpty();
    }

    @Test
    @Order(0)
    void startLeavesAMasterTwoAliveWorkersAndAPrivateSecret() throws Exception {
        Result status = run("cluster-status", Duration.ofMinutes(1), CLUSTER_SH, "status");
        assertThat(status.exitCode).isZero();
        assertThat(status.output).containsPattern("master +spark://127\\.0\\.0\\.1:\\d+")
                .contains("alive workers: 2");
        assertThat(status.output.lines().filter(l -> l.startsWith("worker") && l.endsWith("ALIVE"))).hasSize(2);
        assertThat(Files.getPosixFilePermissions(CLUSTER_DIR.resolve("secret")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(CLUSTER_DIR.resolve("secret"));
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(clusterProcesses("org.apache.spark.deploy.worker.Worker")).hasSize(2);
        for (ProcessHandle daemon : clusterProcesses("org.apache.spark.deploy.")) {
            assertThat(commandLine(daemon.pid())).doesNotContain(secret); // it is in a 0600 properties file
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void trainsOnTheClusterAndEvaluatesTheSavedModelThere() throws Exception {
        Path out = undisturbedRun();
        assertThat(undisturbedOutput).containsPattern("master spark://127\\.0\\.0\\.1:\\d+, 2 partitions")
                .contains("epoch 2/2")
                // 2 partitions on 2 executor slots: the default engine is resident, over Spark RPC.
                .doesNotContain("one Spark job per step");
        assertThat(out.resolve("model/model.json")).isRegularFile();
        assertThat(out.resolve("model/weights.bin")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(ModelIo.load(new Configuration(), out.resolve("model").toString()).provenance().get("master"))
                .startsWith("spark://127.0.0.1:");

        Path report = out.resolve("eval-cluster.json");
        Result eval = run("evaluate", RUN_TIMEOUT, args(List.of("--cluster", "evaluate", "--model",
                out.resolve("model").toString(), "--data", ROOT.resolve(Mnist.DIR).toString(),
                "--out", report.toString())));
        assertThat(eval.exitCode).as("evaluate on the cluster failed:%n%s", eval.output).isZero();
        // A successful run ends quietly: nothing freed right before the context stops is still in flight
        // (that used to end this evaluate with "ERROR TransportResponseHandler: Still have 3 requests
        // outstanding" and a netty stack trace).
        for (String output : List.of(undisturbedOutput, eval.output)) {
            assertThat(output).doesNotContain("ERROR", "\tat ");
        }
        JsonNode clusterEval = JSON.readTree(report.toFile());
        JsonNode trainEval = JSON.readTree(out.resolve("eval.json").toFile());
        double accuracy = clusterEval.get("accuracy").asDouble();
        System.out.printf("StandaloneClusterTest: evaluate on the cluster: accuracy %.4f%n", accuracy);
        assertThat(clusterEval.get("count").asLong()).isEqualTo(10_000);
        assertThat(accuracy).isGreaterThan(0.9).isEqualTo(trainEval.get("accuracy").asDouble());
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void refusesAClientWithTheWrongSecret() throws Exception {
        assertThat(wrongSecretClient.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the wrong-secret client did not give up").isTrue();
        String output = Files.readString(logOf("wrong-secret"));
        assertThat(wrongSecretClient.exitValue()).as(output).isNotZero();
        // The master rejects the SASL handshake; the client never gets executors, so never loads data.
        assertThat(output).contains("javax.security.sasl.SaslException", "Mismatched response",
                "All masters are unresponsive").doesNotContain("training and");
        assertThat(RUNS.resolve("wrong-secret/model")).doesNotExist();
    }

    @Test
    @Order(3)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void survivesLosingAnExecutorMidTrainingAndEndsWithTheSameWeights() throws Exception {
        Path reference = undisturbedRun();
        Path out = RUNS.resolve("executor-killed");
        Process driver = launch("executor-killed", Map.of(), args(TRAIN, "--out", out.toString()));
        try {
            awaitOutput("executor-killed", driver, "epoch 1/2");
            // Into epoch 2's resident job (≈ 2–5 s of steps here), so that a running task is lost.
            Thread.sleep(1000);
            String before = Files.readString(logOf("executor-killed"), StandardCharsets.UTF_8);
            assertThat(before).as("the kill must land during training").doesNotContain("epoch 2/2");
            // This application's executors: started after its driver (earlier apps' may still be exiting).
            Instant driverStart = driver.info().startInstant().orElseThrow();
            List<ProcessHandle> executors = clusterProcesses(EXECUTOR_CLASS).stream()
                    .filter(h -> h.info().startInstant().map(t -> t.isAfter(driverStart)).orElse(false))
                    .toList();
            assertThat(executors).as("executors of the test cluster").hasSize(2);
            String secret = Files.readString(CLUSTER_DIR.resolve("secret"));
            for (ProcessHandle e : executors) {
                // The worker hands executors the secret in their environment, never on a command line.
                assertThat(commandLine(e.pid())).doesNotContain(secret);
            }
            ProcessHandle victim = executors.get(0);
            victim.destroyForcibly(); // SIGKILL: no shutdown hooks, cached shards lost
            victim.onExit().get(30, TimeUnit.SECONDS);
            System.out.printf("StandaloneClusterTest: killed executor pid %d during epoch 2%n", victim.pid());

            assertThat(driver.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("training did not finish").isTrue();
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(logOf("executor-killed"));
        assertThat(driver.exitValue()).as(output).isZero();
        assertThat(output).as("the driver noticed the loss").contains("Lost executor").contains("epoch 2/2");
        // A kill inside the resident job fails it: the run goes on with one job per step from the
        // unapplied step. (Landing between jobs, the next job waits for the replacement executor.)
        System.out.printf("StandaloneClusterTest: after the kill: %s%n",
                output.contains("continuing with one Spark job per step") ? "resident job failed, one job per step"
                        : output.contains("this epoch runs one Spark job per step") ? "slots missing, one job per step"
                        : "resident job (the kill landed between jobs)");
        assertSameWeights(reference, out, "after losing an executor");
    }

    @Test
    @Order(4)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void residentStepsOverRpcGiveTheJobPerStepWeights() throws Exception {
        Path reference = undisturbedRun();
        Path out = RUNS.resolve("jobs-engine");
        Result r = run("jobs-engine", RUN_TIMEOUT, args(TRAIN, "--set", "sync.engine=jobs", "--out", out.toString()));
        assertThat(r.exitCode).as("training with sync.engine=jobs failed:%n%s", r.output).isZero();
        assertSameWeights(reference, out, "with one Spark job per step instead of the resident engine");
    }

    private static void assertSameWeights(Path reference, Path out, String what) throws IOException {
        float[] expected = ModelIo.load(new Configuration(), reference.resolve("model").toString()).params();
        float[] actual = ModelIo.load(new Configuration(), out.resolve("model").toString()).params();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                fail("parameter %d differs %s: %s, undisturbed run %s", i, what, actual[i], expected[i]);
            }
        }
    }

    /**
     * Loads the model I/O classes now, while target/classes is known to be complete: in a shared
     * working tree another developer's Maven build may be recompiling it minutes later, when the
     * cluster runs finish and their models are loaded (seen as NoClassDefFoundError: ModelJson).
     */
    private static void preloadModelClasses() throws IOException {
        ModelSpec spec = ModelSpec.of(new int[] {2, 2}, List.of(Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        String dir = BASE.resolve("preload-model").toString();
        ModelIo.save(new Configuration(), dir, SavedModel.builder(spec, new float[spec.paramCount()]).build(), true);
        ModelIo.load(new Configuration(), dir);
    }

    /** The undisturbed 2-epoch run; trained once, shared by the tests that need it. */
    private static synchronized Path undisturbedRun() throws Exception {
        if (undisturbed == null) {
            Path out = RUNS.resolve("undisturbed");
            Result r = run("undisturbed", RUN_TIMEOUT, args(TRAIN, "--out", out.toString()));
            assertThat(r.exitCode).as("training on the cluster failed:%n%s", r.output).isZero();
            undisturbedOutput = r.output;
            undisturbed = out;
        }
        return undisturbed;
    }

    private static String[] args(List<String> dpnetArgs, String... more) {
        List<String> all = new ArrayList<>();
        all.add(PROJECT.resolve("scripts/dpnet").toString());
        all.addAll(dpnetArgs);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String name, Duration timeout, String... command) throws Exception {
        Process p = launch(name, Map.of(), command);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("%s did not finish within %s; output in %s", String.join(" ", command), timeout, logOf(name));
        }
        return new Result(p.exitValue(), Files.readString(logOf(name)));
    }

    /**
     * Starts a script of the project copy, in that copy, with the test cluster's directory; output
     * (both streams) to a log file.
     */
    private static Process launch(String name, Map<String, String> env, String... command) throws IOException {
        Files.createDirectories(CLIENT_LOGS);
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(logOf(name).toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DPNET_CLUSTER_DIR", CLUSTER_DIR.toString());
        pb.environment().put("DPNET_DRIVER_MEMORY", "1g"); // the driver holds only weights and sums
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("DPNET_SUBMIT_ARGS");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Path logOf(String name) {
        return CLIENT_LOGS.resolve(name + ".out");
    }

    /** Waits until the process's output contains {@code marker}; returns the output so far. */
    private static String awaitOutput(String name, Process p, String marker) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(logOf(name), StandardCharsets.UTF_8);
            if (output.contains(marker)) {
                return output;
            }
            if (!p.isAlive()) {
                fail("%s exited (%d) before printing '%s':%n%s", name, p.exitValue(), marker, output);
            }
            Thread.sleep(100);
        }
        return fail("%s did not print '%s' within %s", name, marker, RUN_TIMEOUT);
    }

    /** Live processes of the test cluster (their command line names its spark-home) running {@code mainClass}. */
    private static List<ProcessHandle> clusterProcesses(String mainClass) {
        return ProcessHandle.allProcesses().filter(h -> {
            String cmd = commandLine(h.pid());
            return cmd.contains(SPARK_HOME.toString()) && cmd.contains(mainClass);
        }).toList();
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // exited meanwhile, or not ours to read
        }
    }

    /**
     * Refreshes the project copy, keeping file times so that Maven's up-to-date checks work, and
     * keeping the copy's target/ so that an unchanged source tree is not recompiled.
     */
    private static void copyProject() throws IOException {
        for (String name : PROJECT_FILES) {
            Path from = ROOT.resolve(name);
            Path to = PROJECT.resolve(name);
            deleteRecursively(to);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path p : paths.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
