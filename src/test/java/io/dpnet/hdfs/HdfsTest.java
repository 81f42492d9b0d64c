package io.dpnet.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.IdxTestFiles;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.Mnist;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpnet against a real HDFS: an in-process one-datanode {@link MiniDFSCluster} on loopback holding
 * the first 6000 training and 1000 test images of MNIST. The CLI is given nothing but fully
 * qualified {@code hdfs://} URIs, so every read and write (driver and executors, data, model,
 * reports, checkpoints) goes through {@code Path.getFileSystem(new Configuration())} exactly as on
 * a cluster. One short training run (with checkpoints) serves all tests, to keep the class fast.
 */
@Tag("hdfs")
@Tag("mnist")
class HdfsTest {
    private static final int TRAIN = 6000;
    private static final int TEST = 1000;
    private static final int PIXELS = 28 * 28;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static java.nio.file.Path base;

    private static MiniDFSCluster cluster;
    /** Our own client, not the cached one the CLI and Spark share (they may close theirs). */
    private static FileSystem fs;
    /** {@code hdfs://localhost:<port>}. */
    private static String hdfs;
    private static Subset train;
    private static Subset test;
    /** The weights of the reference run, trained once for the tests that compare against it. */
    private static float[] referenceParams;

    /** The first {@code count} items of an MNIST split, as the bytes of new IDX files. */
    private record Subset(byte[] images, byte[] labels) {
    }

    @BeforeAll
    static void startClusterWithMnistSubset() throws IOException {
        java.nio.file.Path mnist = Mnist.require();
        cluster = new MiniDFSCluster.Builder(new Configuration(), base.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        fs = FileSystem.newInstance(URI.create(hdfs), new Configuration());

        train = subset(mnist, "train", TRAIN);
        test = subset(mnist, "t10k", TEST);
        put("/mnist/train-images-idx3-ubyte", train.images());
        put("/mnist/train-labels-idx1-ubyte", train.labels());
        put("/mnist/t10k-images-idx3-ubyte", test.images());
        put("/mnist/t10k-labels-idx1-ubyte", test.labels());
        put("/gz/t10k-images-idx3-ubyte.gz", IdxTestFiles.gzip(test.images()));
        put("/gz/t10k-labels-idx1-ubyte.gz", IdxTestFiles.gzip(test.labels()));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (fs != null) {
                fs.close();
                // The cached client the CLI used: closed so its threads do not outlive the cluster.
                FileSystem.get(URI.create(hdfs), new Configuration()).close();
            }
        } finally {
            if (cluster != null) {
                cluster.shutdown();
            }
        }
    }

    @Test
    void trainWritesModelMetricsAndEvaluationToHdfsAndEvaluateReproducesThem() throws Exception {
        String run = referenceRun();

        for (String file : List.of("/model/model.json", "/model/weights.bin", "/metrics.jsonl", "/eval.json")) {
            assertThat(fs.isFile(new Path(run + file))).as(run + file).isTrue();
        }
        assertThat(checkpoints(run)).as("checkpoints on HDFS").isNotEmpty();
        assertThat(lines(run + "/metrics.jsonl")).hasSize(2);
        JsonNode eval = json(run + "/eval.json");
        double accuracy = eval.get("accuracy").asDouble();
        assertThat(eval.get("count").asInt()).isEqualTo(TEST);
        assertThat(accuracy).as("learned from the HDFS data").isGreaterThan(0.8);

        SavedModel model = ModelIo.load(new Configuration(), run + "/model");
        assertThat(model.spec().sizes()).containsExactly(PIXELS, 64, 10);
        // The checksums were computed by reading the files back from HDFS.
        assertThat(model.datasetChecksums())
                .containsEntry("train-images-idx3-ubyte", sha256(train.images()))
                .containsEntry("t10k-labels-idx1-ubyte", sha256(test.labels()));

        String again = run + "/eval-again.json";
        CliRun evaluate = cli("evaluate", "--model", run + "/model", "--data", hdfs + "/mnist", "--out", again,
                "--master", "local[2]");
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        JsonNode reproduced = json(again);
        assertThat(reproduced.get("accuracy").asDouble()).isEqualTo(accuracy);
        assertThat(reproduced.get("count").asInt()).isEqualTo(TEST);
        assertThat(reproduced.get("confusionMatrix")).isEqualTo(eval.get("confusionMatrix"));
    }

    @Test
    void gzipIdxFilesAreFoundAndReadFromHdfs() throws IOException {
        Configuration conf = new Configuration();
        String images = IdxLayout.images(conf, hdfs + "/gz", "test");
        String labels = IdxLayout.labels(conf, hdfs + "/gz", "test");
        assertThat(images).isEqualTo(hdfs + "/gz/t10k-images-idx3-ubyte.gz");

        IdxDataset data = IdxDataset.open(conf, images, labels, 10);
        assertThat(data.count()).isEqualTo(TEST);
        assertThat(data.features()).isEqualTo(PIXELS);

        // A range late in the file: the stream is decompressed from the start and skipped.
        int from = 900;
        int n = 100;
        float[] pixels = new float[n * PIXELS];
        int[] labelValues = new int[n];
        data.read(conf, from, n, pixels, 0, labelValues, 0);
        for (int i = 0; i < n * PIXELS; i++) {
            assertThat(pixels[i]).isEqualTo((test.images()[16 + from * PIXELS + i] & 0xFF) / 255f);
        }
        for (int i = 0; i < n; i++) {
            assertThat(labelValues[i]).isEqualTo(test.labels()[8 + from + i]);
        }
    }

    @Test
    void aRunResumedOnHdfsFromItsSecondNewestCheckpointEndsWithTheSameModel() throws Exception {
        String reference = referenceRun();
        List<Path> checkpoints = checkpoints(reference);
        assertThat(checkpoints).hasSize(2);
        for (Path ckpt : checkpoints) {
            assertThat(fs.isFile(new Path(ckpt, "checkpoint.json"))).as(ckpt.toString()).isTrue();
            assertThat(fs.isFile(new Path(ckpt, "params.bin"))).as(ckpt.toString()).isTrue();
        }

        // A copy of the run as if it had died just before its newest checkpoint and final outputs.
        String run = hdfs + "/runs/resumed";
        assertThat(FileUtil.copy(fs, new Path(reference), fs, new Path(run), false, new Configuration())).isTrue();
        List<Path> copied = checkpoints(run);
        Path resumeFrom = copied.get(0);
        assertThat(fs.delete(copied.get(1), true)).isTrue();
        assertThat(fs.delete(new Path(run + "/model"), true)).isTrue();
        assertThat(fs.delete(new Path(run + "/eval.json"), false)).isTrue();

        CliRun resumed = cli("train", "--resume", run, "--progress", "line");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("dpnet: resuming " + run);

        assertThat(ModelIo.load(new Configuration(), run + "/model").params())
                .as("resumed from " + resumeFrom).containsExactly(referenceParams);
        assertThat(lines(run + "/metrics.jsonl")).hasSize(2);
        assertThat(json(run + "/eval.json").get("accuracy")).isEqualTo(json(reference + "/eval.json").get("accuracy"));
    }

    /** Trains the reference run once, for every test that needs it; returns its directory. */
    private static synchronized String referenceRun() {
        String run = hdfs + "/runs/reference";
        if (referenceParams == null) {
            CliRun train = cli("train", "--out", run, "--progress", "line",
                    "--set", "data.dir=" + hdfs + "/mnist", "--set", "master=local[2]",
                    "--set", "layers=784,64,10", "--set", "activations=relu,softmax",
                    // 2 epochs of 30 steps: enough to learn and to checkpoint mid-run; few steps, as
                    // each is a Spark job. Steps 20, 40 and 60 are checkpointed, the newest two kept.
                    "--set", "epochs=2", "--set", "batchSize=200", "--set", "learningRate=0.002", "--set", "seed=7",
                    "--set", "checkpoint.every=20 steps", "--set", "checkpoint.keep=2");
            assertThat(train.code()).as(train.err()).isZero();
            assertThat(train.out()).contains("epoch 2/2").contains("dpnet: test accuracy");
            try {
                referenceParams = ModelIo.load(new Configuration(), run + "/model").params();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run;
    }

    private static List<Path> checkpoints(String run) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(new Path(run + "/checkpoints"))) {
            if (s.isDirectory() && s.getPath().getName().startsWith("ckpt-")) {
                out.add(s.getPath());
            }
        }
        out.sort(null); // ckpt-<zero-padded global step>: oldest first
        return out;
    }

    /** Runs the CLI in-process, echoing its output after capturing it for the assertions. */
    private static CliRun cli(String... args) {
        return CliRun.run(args).echoed();
    }

    private static Subset subset(java.nio.file.Path dir, String prefix, int count) throws IOException {
        byte[] images = Files.readAllBytes(dir.resolve(prefix + "-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(dir.resolve(prefix + "-labels-idx1-ubyte"));
        ByteBuffer i = ByteBuffer.allocate(16 + count * PIXELS).putInt(0x00000803).putInt(count).putInt(28).putInt(28)
                .put(images, 16, count * PIXELS);
        ByteBuffer l = ByteBuffer.allocate(8 + count).putInt(0x00000801).putInt(count).put(labels, 8, count);
        return new Subset(i.array(), l.array());
    }

    private static void put(String path, byte[] content) throws IOException {
        try (OutputStream out = fs.create(new Path(hdfs + path), false)) {
            out.write(content);
        }
    }

    private static List<String> lines(String path) throws IOException {
        try (InputStream in = fs.open(new Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static JsonNode json(String path) throws IOException {
        try (InputStream in = fs.open(new Path(path))) {
            return JSON.readTree(in);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
