package io.dpnet.spark.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.BlockLayout;
import io.dpnet.data.BlockWindowOrder;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.spark.train.TrainRequest;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.Mnist;
import io.dpnet.train.TrainResult;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out-of-core training (issue #14) on a deformed set made by {@code dpnet generate}: the first
 * 1,000 MNIST training images with 2 variants each (3,000 samples), cut into 12 blocks of 256
 * samples (the last one 184) and read in windows of 3 blocks. It trains; the result after one epoch
 * is the same on 1, 2 and 4 partitions (up to float rounding) and repeats bit for bit; Spark's input
 * metrics show every epoch reading the data exactly once although an epoch has 30 steps; and the
 * samples never enter Spark's storage memory.
 */
@Tag("mnist")
class OutOfCoreTrainingTest {
    private static final int SAMPLES = 3000;
    private static final int BLOCK = 256;
    private static final int WINDOW = 3;

    @TempDir
    static Path tmp;
    private static IdxDataset deformed;
    private static JavaSparkContext sc;
    private static final AtomicLong BYTES_READ = new AtomicLong();
    private static final AtomicLong RECORDS_READ = new AtomicLong();

    @BeforeAll
    static void generateTheDeformedSet() throws IOException {
        Configuration conf = new Configuration();
        Path mnist = Mnist.require();
        IdxDataset full = IdxDataset.open(conf, mnist.resolve("train-images-idx3-ubyte").toString(),
                mnist.resolve("train-labels-idx1-ubyte").toString(), 10);
        byte[] pixels = new byte[1000 * 784];
        byte[] labels = new byte[1000];
        full.readBytes(conf, 0, 1000, pixels, labels);
        Path source = Files.createDirectories(tmp.resolve("mnist1k"));
        writeIdx(source.resolve("train-images-idx3-ubyte"), new int[] {0x803, 1000, 28, 28}, pixels);
        writeIdx(source.resolve("train-labels-idx1-ubyte"), new int[] {0x801, 1000}, labels);
        Path out = tmp.resolve("deformed");
        CliRun gen = CliRun.run("generate", "--data", source.toString(), "--out", out.toString(), "--variants", "2",
                "--master", "local[2]");
        assertThat(gen.code()).as(gen.err()).isZero();
        deformed = IdxDataset.open(conf, out.resolve("train-images-idx3-ubyte").toString(),
                out.resolve("train-labels-idx1-ubyte").toString(), 10);
        assertThat(deformed.count()).isEqualTo(SAMPLES);
        sc = SparkTestContext.get();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    BYTES_READ.addAndGet(end.taskMetrics().inputMetrics().bytesRead());
                    RECORDS_READ.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
                }
            }
        });
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainConfig config(int epochs) {
        return TrainConfig.defaults().with("layers=784,64,10", "activations=relu,softmax", "batchSize=100",
                "epochs=" + epochs, "learningRate=0.002", "evalEvery=0", "input.storage=blocks",
                "input.blockSize=" + BLOCK, "input.window=" + WINDOW);
    }

    private static TrainResult train(TrainConfig config, int partitions) {
        ShardedData blocks = ShardedData.loadBlocks(sc, deformed, BLOCK, WINDOW, partitions, "ooc-" + partitions);
        try {
            assertThat(blocks.blocks().blocks()).isEqualTo(12);
            return new DistributedTrainer(sc, config).train(TrainRequest.of(blocks));
        } finally {
            blocks.release();
        }
    }

    @Test
    void theDeformedSetTrainsAndEpochOneWeightsDoNotDependOnThePartitionCount() {
        TrainConfig config = config(1);
        TrainResult one = train(config, 1);
        float[] init = new DistributedTrainer(sc, config).initialParams();
        assertThat(relativeMaxDiff(one.params(), init)).isGreaterThan(1e-2);
        // It learns: the running accuracy of the first 30 steps from random weights is well above guessing's 10%.
        assertThat(one.history().get(0).trainAccuracy()).isGreaterThan(0.3);
        assertThat(train(config, 1).params()).as("same partitions, same bits").isEqualTo(one.params());
        for (int p : new int[] {2, 4}) {
            assertThat(relativeMaxDiff(train(config, p).params(), one.params())).as("P=%d vs P=1", p)
                    .isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void everyEpochReadsTheDataOnceNotOncePerStepAndNothingEntersSparkStorage() throws Exception {
        TrainConfig config = config(2);
        ShardedData blocks = ShardedData.loadBlocks(sc, deformed, BLOCK, WINDOW, 2, "ooc-metrics");
        try {
            sc.sc().listenerBus().waitUntilEmpty();
            long bytesBefore = BYTES_READ.get();
            long recordsBefore = RECORDS_READ.get();
            TrainResult r = new DistributedTrainer(sc, config).train(TrainRequest.of(blocks));
            assertThat(r.history().get(0).steps()).isEqualTo(30);
            assertThat(r.history().get(1).trainAccuracy()).isGreaterThan(r.history().get(0).trainAccuracy());
            sc.sc().listenerBus().waitUntilEmpty();
            long dataBytes = (long) SAMPLES * (784 + 1);
            long tasks = 2 * 30 * 2;
            // Once per epoch (reading per step would be 30 times this). Exactly once, but for two
            // things: blocks the last window of epoch 1 shares with the first of epoch 2 are not read
            // again (at most one window, 3 blocks), and Spark adds each task's read of the cached
            // range record (one record, a few dozen bytes) to the same metrics.
            long blockBytes = BLOCK * (784 + 1);
            assertThat(BYTES_READ.get() - bytesBefore).isBetween(2 * dataBytes - WINDOW * blockBytes,
                    2 * dataBytes + tasks * 100);
            assertThat(RECORDS_READ.get() - recordsBefore).isBetween(2L * SAMPLES - WINDOW * BLOCK,
                    2L * SAMPLES + tasks);
            // The executor holds at most the two windows a step can overlap, fewer than the set's 12 blocks.
            assertThat(BlockCache.held(readSetId(blocks))).isBetween(1, 2 * WINDOW);
            // Spark's storage holds one range record per partition, not samples.
            long cached = 0;
            for (var info : sc.sc().getRDDStorageInfo()) {
                if (info.name().startsWith("ooc-metrics")) {
                    cached += info.memSize() + info.diskSize();
                }
            }
            assertThat(cached).isPositive().isLessThan(10_000);
        } finally {
            blocks.release();
        }
    }

    private static String readSetId(ShardedData data) throws ReflectiveOperationException {
        var field = ShardedData.class.getDeclaredField("blocked");
        field.setAccessible(true);
        var blocked = (BlockedShards) field.get(data);
        var id = BlockedShards.class.getDeclaredField("id");
        id.setAccessible(true);
        return (String) id.get(blocked);
    }

    @Test
    void aTruncatedImagesFileFailsNamingTheBlockRangeAndFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("truncated"));
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        Files.copy(Path.of(deformed.imagesPath()), images);
        Files.copy(Path.of(deformed.labelsPath()), labels);
        IdxDataset opened = IdxDataset.open(new Configuration(), images.toString(), labels.toString(), 10);
        // Cut the file inside the last block, 11 (samples [2816, 3000)), after the headers were checked.
        try (var ch = java.nio.channels.FileChannel.open(images, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(16 + 2900L * 784);
        }
        assertThat(failureOf(opened, 2)).isEqualTo("cannot read block 11 (samples [2816, 3000)) of " + images
                + " / " + labels + ": " + images + ": truncated: the data ends at item 2900 (byte offset 2273616) "
                + "but the header declares 3000 images of 28x28");
    }

    @Test
    void aMissingLabelsFileFailsNamingTheBlockRangeAndFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("missing"));
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        Files.copy(Path.of(deformed.imagesPath()), images);
        Files.copy(Path.of(deformed.labelsPath()), labels);
        IdxDataset opened = IdxDataset.open(new Configuration(), images.toString(), labels.toString(), 10);
        Files.delete(labels);
        // One partition reads the blocks of a window in the order of the block permutation; the
        // first is the first that fails.
        int first = new BlockWindowOrder(new BlockLayout(SAMPLES, BLOCK), WINDOW, config(1).seed(), 1)
                .windowBlocks(0)[0];
        assertThat(failureOf(opened, 1)).isEqualTo("cannot read block " + first + " (samples [" + first * BLOCK
                + ", " + Math.min(SAMPLES, (first + 1) * BLOCK) + ")) of " + images + " / " + labels + ": " + labels + ": no such file");
    }

    /** Trains one epoch on {@code data} out of core and returns the message of the IDX error it fails with. */
    private static String failureOf(IdxDataset data, int partitions) {
        ShardedData blocks = ShardedData.loadBlocks(sc, data, BLOCK, WINDOW, partitions, "bad");
        try {
            Throwable t = catchThrowable(() -> new DistributedTrainer(sc, config(1)).train(TrainRequest.of(blocks)));
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof IdxFormatException e) {
                    return e.getMessage();
                }
            }
            throw new AssertionError("no IdxFormatException in the failure", t);
        } finally {
            blocks.release();
        }
    }

    private static double relativeMaxDiff(float[] a, float[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
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
