package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.Sha256;
import io.dpnet.data.augment.DeformParams;
import io.dpnet.data.augment.Deformer;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.InputReader;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpnet generate} on the first 1,000 MNIST training images with 2 variants each: the IDX
 * bytes do not depend on the partition count, every sample sits at its global index, labels follow
 * their originals, gzip and Parquet hold the same samples, and bad input or an existing output
 * fails with a message naming the file.
 */
class GenerateCliTest {
    private static final int IMAGES = 1000;
    private static final int PIXELS = 784;
    private static final int PER_IMAGE = 3;

    @TempDir
    static Path tmp;
    private static Path source;
    private static byte[] pixels;
    private static byte[] labels;
    private static CliRun onePartition;
    private static CliRun threePartitions;

    @BeforeAll
    static void generateTwice() throws IOException {
        Path mnist = Mnist.require();
        Configuration conf = new Configuration();
        IdxDataset full = IdxDataset.open(conf, mnist.resolve("train-images-idx3-ubyte").toString(),
                mnist.resolve("train-labels-idx1-ubyte").toString(), 10);
        pixels = new byte[IMAGES * PIXELS];
        labels = new byte[IMAGES];
        full.readBytes(conf, 0, IMAGES, pixels, labels);
        source = Files.createDirectories(tmp.resolve("mnist1k"));
        Files.write(source.resolve("train-images-idx3-ubyte"), idx(new int[] {0x803, IMAGES, 28, 28}, pixels));
        Files.write(source.resolve("train-labels-idx1-ubyte"), idx(new int[] {0x801, IMAGES}, labels));
        onePartition = generate("one", "--partitions", "1").echoed();
        threePartitions = generate("three", "--partitions", "3").echoed();
    }

    @AfterAll
    static void stopSpark() {
        SparkTestContext.stop();
    }

    private static CliRun generate(String out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--data", source.toString(),
                "--out", tmp.resolve(out).toString(), "--variants", "2", "--master", "local[2]"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static byte[] idx(int[] header, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(body);
        }
        return bytes.toByteArray();
    }

    @Test
    void sameBytesForOneAndThreePartitions() throws IOException {
        assertThat(onePartition.code()).as(onePartition.err()).isZero();
        assertThat(threePartitions.code()).as(threePartitions.err()).isZero();
        for (String file : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "SHA256SUMS")) {
            assertThat(tmp.resolve("three").resolve(file)).as(file).hasSameBinaryContentAs(tmp.resolve("one").resolve(file));
        }
    }

    @Test
    void everySampleSitsAtItsGlobalIndexWithItsOriginalsLabel() throws IOException {
        byte[] images = Files.readAllBytes(tmp.resolve("three/train-images-idx3-ubyte"));
        byte[] outLabels = Files.readAllBytes(tmp.resolve("three/train-labels-idx1-ubyte"));
        int total = IMAGES * PER_IMAGE;
        assertThat(images).hasSize(16 + total * PIXELS).startsWith(0, 0, 8, 3, 0, 0, 0x0B, (byte) 0xB8, 0, 0, 0, 28);
        assertThat(outLabels).hasSize(8 + total).startsWith(0, 0, 8, 1, 0, 0, 0x0B, (byte) 0xB8);
        Deformer deformer = new Deformer(28, DeformParams.DEFAULTS);
        byte[] expected = new byte[PIXELS];
        for (int i = 0; i < IMAGES; i++) {
            for (int v = 0; v < PER_IMAGE; v++) {
                int k = i * PER_IMAGE + v;
                byte[] sample = Arrays.copyOfRange(images, 16 + k * PIXELS, 16 + (k + 1) * PIXELS);
                if (v == 0) {
                    System.arraycopy(pixels, i * PIXELS, expected, 0, PIXELS);
                } else {
                    deformer.deform(pixels, i * PIXELS, expected, 0, 1, i, v);
                    assertThat(sample).as("variant %d of image %d differs from it", v, i)
                            .isNotEqualTo(Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS));
                }
                assertThat(sample).as("sample %d (image %d, variant %d)", k, i, v).isEqualTo(expected);
                assertThat(outLabels[8 + k]).as("label of sample %d", k).isEqualTo(labels[i]);
            }
        }
    }

    @Test
    void printsAndRecordsTheSha256OfEveryFile() throws IOException {
        Configuration conf = new Configuration();
        Path out = tmp.resolve("one");
        String images = Sha256.ofFile(conf, out.resolve("train-images-idx3-ubyte").toString());
        String labelsSum = Sha256.ofFile(conf, out.resolve("train-labels-idx1-ubyte").toString());
        assertThat(Files.readString(out.resolve("SHA256SUMS")))
                .isEqualTo(images + "  train-images-idx3-ubyte\n" + labelsSum + "  train-labels-idx1-ubyte\n");
        assertThat(onePartition.out()).contains(images + "  " + out + "/train-images-idx3-ubyte")
                .contains(labelsSum + "  " + out + "/train-labels-idx1-ubyte")
                .contains("generate idx 100% | 3,000/3,000 samples");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary directory left")
                    .noneMatch(name -> name.contains(".tmp-"));
        }
    }

    @Test
    void gzipAndParquetHoldTheSameSamplesInTheSameOrder() throws IOException {
        CliRun run = generate("both", "--partitions", "2", "--gzip", "--format", "idx,parquet").echoed();
        assertThat(run.code()).as(run.err()).isZero();
        byte[] plain = Files.readAllBytes(tmp.resolve("one/train-images-idx3-ubyte"));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp.resolve("both/train-images-idx3-ubyte.gz")))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        byte[] plainLabels = Files.readAllBytes(tmp.resolve("one/train-labels-idx1-ubyte"));
        List<Path> parts;
        try (Stream<Path> files = Files.list(tmp.resolve("both/parquet"))) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        assertThat(parts).hasSize(2);
        assertThat(Files.readString(tmp.resolve("both/SHA256SUMS")))
                .contains("parquet/" + parts.get(0).getFileName()).contains("train-images-idx3-ubyte.gz");
        // The CLI runs start their own SparkContext: this one must be stopped before the next.
        try {
            checkParquet(InputReader.session(SparkTestContext.get()), parts, plain, plainLabels);
        } finally {
            SparkTestContext.stop();
        }
    }

    private static void checkParquet(SparkSession spark, List<Path> parts, byte[] plain, byte[] plainLabels) {
        int k = 0;
        for (Path part : parts) {
            // One part per task, named in task order: reading them in name order is global order.
            for (Row row : spark.read().parquet(part.toString()).collectAsList()) {
                List<Float> features = row.getList(0);
                assertThat(features).hasSize(PIXELS);
                for (int p = 0; p < PIXELS; p += 97) {
                    assertThat(features.get(p)).as("sample %d pixel %d", k, p)
                            .isEqualTo(IdxDataset.pixelValue(plain[16 + k * PIXELS + p] & 0xFF));
                }
                assertThat(row.getInt(1)).isEqualTo(plainLabels[8 + k]);
                k++;
            }
        }
        assertThat(k).isEqualTo(IMAGES * PER_IMAGE);
    }

    @Test
    void refusesAnExistingOutputWithoutOverwrite() {
        CliRun run = generate("one", "--partitions", "1");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dpnet: error: " + tmp.resolve("one")
                + " already exists (pass --overwrite to replace it)");
    }

    @Test
    void overwriteReplacesTheOutputWithTheSameBytes() throws IOException {
        Path out = tmp.resolve("again");
        CliRun first = generate("again", "--partitions", "2");
        assertThat(first.code()).as(first.err()).isZero();
        byte[] before = Files.readAllBytes(out.resolve("train-images-idx3-ubyte"));
        Files.writeString(out.resolve("stale.txt"), "from an older run");
        CliRun again = generate("again", "--partitions", "2", "--overwrite");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(out.resolve("stale.txt")).as("the old directory is replaced, not merged").doesNotExist();
        assertThat(Files.readAllBytes(out.resolve("train-images-idx3-ubyte"))).isEqualTo(before)
                .isEqualTo(Files.readAllBytes(tmp.resolve("one/train-images-idx3-ubyte")));
    }

    @Test
    void badInputNamesTheFileAndWhatWasExpected() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Path images = bad.resolve("train-images-idx3-ubyte");
        Files.write(images, Arrays.copyOf(idx(new int[] {0x803, IMAGES, 28, 28}, pixels), 16 + 10 * PIXELS));
        Files.copy(source.resolve("train-labels-idx1-ubyte"), bad.resolve("train-labels-idx1-ubyte"));
        CliRun truncated = CliRun.run("generate", "--data", bad.toString(), "--out", tmp.resolve("x").toString());
        assertThat(truncated.code()).isEqualTo(2);
        assertThat(truncated.err().strip()).isEqualTo("dpnet: error: " + images + ": truncated: header declares "
                + "1000 images of 28x28 (784016 bytes with header) but the file has 7856 bytes");

        Files.write(images, idx(new int[] {0x803, IMAGES, 28, 14}, Arrays.copyOf(pixels, IMAGES * 28 * 14)));
        CliRun notSquare = CliRun.run("generate", "--data", bad.toString(), "--out", tmp.resolve("x").toString());
        assertThat(notSquare.err().strip()).isEqualTo("dpnet: error: " + images
                + ": images are 28x14 but generate deforms square images only");

        Files.write(images, idx(new int[] {0x803, IMAGES - 1, 28, 28}, Arrays.copyOf(pixels, (IMAGES - 1) * PIXELS)));
        CliRun mismatch = CliRun.run("generate", "--data", bad.toString(), "--out", tmp.resolve("x").toString());
        assertThat(mismatch.err().strip()).isEqualTo("dpnet: error: " + images + ": image count 999 does not match "
                + "label count 1000 in " + bad.resolve("train-labels-idx1-ubyte"));

        CliRun format = CliRun.run("generate", "--data", source.toString(), "--out", tmp.resolve("x").toString(),
                "--format", "idx,csv");
        assertThat(format.err().strip()).isEqualTo("dpnet: error: --format: unknown format 'csv' (expected idx, "
                + "parquet or both)");
        CliRun variants = CliRun.run("generate", "--data", source.toString(), "--out", tmp.resolve("x").toString(),
                "--variants", "-1");
        assertThat(variants.err().strip()).isEqualTo("dpnet: error: --variants must be >= 0, got -1");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
