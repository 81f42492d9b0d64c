package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.augment.DeformParams;
import io.dpnet.data.augment.Deformer;
import io.dpnet.testing.Mnist;
import io.dpnet.testing.SparkEventLog;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpnet train} as a user runs it, in a JVM whose Spark storage memory is smaller than the
 * training set (issue #14): a deformed set of 30,000 samples (the first 10,000 MNIST training images
 * with the 2 variants each that dpnet generate makes, 23.6 MB of pixels and labels) in a child JVM with
 * {@code -Xmx512m} and {@code spark.memory.fraction=0.05}. Spark's unified memory manager then gives
 * storage at most (512 MiB − 300 MiB reserved) × 0.05 = 11,114,905 bytes, less than half the set.
 *
 * <p>With the default {@code input.storage=auto} the run goes out of core and Spark's own event log
 * shows each epoch reading the set once (not once per step) and no sample block in storage; with
 * {@code input.storage=memory} forced, the command fails before reading anything, naming the sizes
 * and the key to change — before, Spark silently re-read both shards from the files on every step.
 */
@Tag("mnist")
class SmallHeapTrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOG_CONFIG = Paths.get("conf/log4j2.properties").toAbsolutePath();
    private static final int IMAGES = 10_000;
    private static final int SAMPLES = IMAGES * 3;
    private static final long DATA_BYTES = SAMPLES * 785L;
    private static final long TEST_BYTES = 10_000L * 785;
    private static final int BATCH = 1000;
    private static final int STEPS_PER_EPOCH = SAMPLES / BATCH;
    private static final int BLOCK = 2048;
    private static final int WINDOW = 2;
    /** UnifiedMemoryManager.getMaxMemory: (heap − 300 MiB) × spark.memory.fraction, heap ≤ -Xmx. */
    private static final long STORAGE_CEILING = (512L - 300) * 1024 * 1024 * 5 / 100;

    @TempDir
    static Path tmp;
    private static Path deformed;
    private static Child auto;
    private static Child memory;

    @BeforeAll
    static void generateTheSetAndRunBothCommands() throws Exception {
        deformed = writeDeformedSet(Files.createDirectories(tmp.resolve("deformed")));
        // Both runs at once: the forced-memory one is mostly JVM and Spark start-up, which overlaps well.
        Process autoRun = train("auto");
        Process memoryRun = train("memory", "input.storage=memory");
        try {
            auto = Child.await(tmp, "auto", autoRun);
            memory = Child.await(tmp, "memory", memoryRun);
        } finally {
            autoRun.destroyForcibly();  // no-ops once they have ended; a timeout must not leave one running
            memoryRun.destroyForcibly();
        }
    }

    @Test
    void autoTrainsOutOfCoreReadingTheSetOncePerEpochAndCachingNoSamples() throws Exception {
        Path out = tmp.resolve("auto");
        assertThat(auto.exitCode).as(auto.all()).isZero();

        SparkEventLog log = SparkEventLog.read(tmp.resolve("auto-events"));
        assertThat(log.storageMemory()).as("one block manager: local mode runs the tasks in the driver").hasSize(1);
        long storage = log.storageMemory().get(0);
        assertThat(storage).isPositive().isLessThanOrEqualTo(STORAGE_CEILING);
        assertThat(DATA_BYTES).as("the training set is more than twice Spark's storage memory")
                .isGreaterThan(2 * storage);

        assertThat(auto.stdout).as(auto.all()).contains(String.format(Locale.ROOT, "dpnet: input.storage=auto holds "
                + "the training set out of core: the training set (23.6 MB) and the test set (7.9 MB) need up to "
                + "43.2 MB of Spark's storage memory while they are cached, more than its %.1f MB on 1 executor%n",
                storage / 1e6))
                .contains("dpnet: training set out of core: 15 blocks of 2,048 samples, read one window at a time "
                        + "(23.6 MB in the files)");

        // The first stage over the block ranges caches the per-partition range records; every other
        // one is a training step (no pass over the training set besides the steps).
        List<Integer> stages = log.stagesReading("train (block ranges)");
        assertThat(stages).hasSize(1 + 2 * STEPS_PER_EPOCH);
        assertThat(log.inputBytes(stages.subList(0, 1))).isZero();
        long epoch1 = log.inputBytes(stages.subList(1, 1 + STEPS_PER_EPOCH));
        long epoch2 = log.inputBytes(stages.subList(1 + STEPS_PER_EPOCH, stages.size()));
        // Each block once per epoch, when its window comes up: the data size, plus each task's read
        // of its cached range record (56 bytes); epoch 2 skips the blocks (at most a window) that the
        // last window of epoch 1 shares with its first. A per-step re-read would be 30 times this.
        long recordReads = 2L * STEPS_PER_EPOCH * 100;
        assertThat(epoch1).isBetween(DATA_BYTES, DATA_BYTES + recordReads);
        assertThat(epoch2).isBetween(DATA_BYTES - WINDOW * BLOCK * 785L, DATA_BYTES + recordReads);

        // Spark's storage holds the test set (it fits) and the range records, never a training sample.
        Map<String, Long> cached = log.cachedBytesByRdd();
        assertThat(cached.keySet()).as("cached RDDs").containsExactlyInAnyOrder("train (block ranges)", "test");
        assertThat(cached.get("train (block ranges)")).isPositive().isLessThan(1_000);
        assertThat(cached.get("test")).isBetween(TEST_BYTES, TEST_BYTES + 10_000);
        assertThat(log.cachedDiskBytes()).isZero();

        List<String> epochs = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(epochs).hasSize(2);
        double first = JSON.readTree(epochs.get(0)).get("testAccuracy").asDouble();
        double last = JSON.readTree(epochs.get(1)).get("testAccuracy").asDouble();
        assertThat(first).as("well above guessing's 10%% after one epoch").isGreaterThan(0.5);
        assertThat(last).isGreaterThan(first);
        JsonNode model = JSON.readTree(out.resolve("model/model.json").toFile());
        assertThat(model.at("/trainingConfig/input.storage").asText()).as("what auto chose is recorded")
                .isEqualTo("blocks");
    }

    @Test
    void memoryForcedFailsBeforeReadingNamingTheSizesAndTheKeyToChange() throws Exception {
        Path out = tmp.resolve("memory");
        assertThat(memory.exitCode).as(memory.all()).isEqualTo(2);
        SparkEventLog log = SparkEventLog.read(tmp.resolve("memory-events"));
        assertThat(log.jobs()).as("nothing was read").isZero();
        long storage = log.storageMemory().get(0);
        assertThat(storage).isLessThanOrEqualTo(STORAGE_CEILING);
        assertThat(memory.stderr.lines().filter(l -> l.startsWith("dpnet: error:"))).as(memory.all())
                .containsExactly(String.format(Locale.ROOT, "dpnet: error: input.storage=memory, but the training "
                        + "set (23.6 MB) and the test set (7.9 MB) need up to 43.2 MB of Spark's storage memory while "
                        + "they are cached, more than its %.1f MB on 1 executor: every step would read the training "
                        + "set from the files again; set input.storage=blocks, or give Spark more memory",
                        storage / 1e6));
        assertThat(out.resolve("model")).doesNotExist();
    }

    /** Starts {@code dpnet train} into {@code tmp/NAME}, its Spark event log in {@code tmp/NAME-events}. */
    private static Process train(String name, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--out", tmp.resolve(name).toString(), "--progress", "line",
                "--set", "layers=784,32,10", "--set", "activations=relu,softmax", "--set", "epochs=2",
                "--set", "batchSize=" + BATCH, "--set", "master=local[2]", "--set", "data.dir=" + Mnist.DIR,
                "--set", "data.train.images=" + deformed.resolve("train-images-idx3-ubyte"),
                "--set", "data.train.labels=" + deformed.resolve("train-labels-idx1-ubyte"),
                "--set", "input.blockSize=" + BLOCK, "--set", "input.window=" + WINDOW));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        Path events = Files.createDirectories(tmp.resolve(name + "-events"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-Dspark.memory.fraction=0.05"));
        jvm.addAll(SparkEventLog.jvmOptions(events));
        return Child.start(tmp, name, jvm, args);
    }

    /** The CLI's main in a new JVM, started as scripts/dpnet starts it (module flags, console log config). */
    private record Child(int exitCode, String stdout, String stderr) {
        static Process start(Path tmp, String name, List<String> jvmOptions, List<String> args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.")
                        || a.startsWith("-Dio.netty")) {
                    cmd.add(a);
                }
            }
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-Dlog4j2.configurationFile=file:" + LOG_CONFIG, "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(args);
            return new ProcessBuilder(cmd).redirectOutput(tmp.resolve(name + ".out").toFile())
                    .redirectError(tmp.resolve(name + ".err").toFile()).start();
        }

        static Child await(Path tmp, String name, Process p) throws Exception {
            Path stdout = tmp.resolve(name + ".out");
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("dpnet " + name + " did not finish within 3 minutes; see " + stdout);
            }
            return new Child(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8));
        }

        String all() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /**
     * The first {@code IMAGES} MNIST training images, each followed by its 2 variants: the samples
     * {@code dpnet generate --variants 2} (seed 1) writes for them, sample k being image k / 3,
     * variant k mod 3 ({@code GenerateCliTest} checks generate against these Deformer calls). Made
     * here without Spark: generate's own Spark start would add seconds to a test that pays for two
     * child JVMs already.
     */
    private static Path writeDeformedSet(Path dir) throws IOException {
        Configuration conf = new Configuration();
        Path mnist = Mnist.require();
        IdxDataset full = IdxDataset.open(conf, mnist.resolve("train-images-idx3-ubyte").toString(),
                mnist.resolve("train-labels-idx1-ubyte").toString(), 10);
        byte[] originals = new byte[IMAGES * 784];
        byte[] originalLabels = new byte[IMAGES];
        full.readBytes(conf, 0, IMAGES, originals, originalLabels);
        byte[] pixels = new byte[SAMPLES * 784];
        byte[] labels = new byte[SAMPLES];
        Deformer deformer = new Deformer(28, DeformParams.DEFAULTS);
        for (int image = 0; image < IMAGES; image++) {
            for (int variant = 0; variant < 3; variant++) {
                int k = image * 3 + variant;
                if (variant == 0) {
                    System.arraycopy(originals, image * 784, pixels, k * 784, 784);
                } else {
                    deformer.deform(originals, image * 784, pixels, k * 784, 1, image, variant);
                }
                labels[k] = originalLabels[image];
            }
        }
        writeIdx(dir.resolve("train-images-idx3-ubyte"), new int[] {0x803, SAMPLES, 28, 28}, pixels);
        writeIdx(dir.resolve("train-labels-idx1-ubyte"), new int[] {0x801, SAMPLES}, labels);
        return dir;
    }

    private static void writeIdx(Path file, int[] header, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(data);
        }
    }
}
