package io.dpnet.data;

import static io.dpnet.data.IdxTestFiles.IMAGES_MAGIC;
import static io.dpnet.data.IdxTestFiles.LABELS_MAGIC;
import static io.dpnet.data.IdxTestFiles.concat;
import static io.dpnet.data.IdxTestFiles.gzip;
import static io.dpnet.data.IdxTestFiles.header;
import static io.dpnet.data.IdxTestFiles.images;
import static io.dpnet.data.IdxTestFiles.label;
import static io.dpnet.data.IdxTestFiles.labels;
import static io.dpnet.data.IdxTestFiles.pixel;
import static io.dpnet.data.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxDatasetTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private IdxDataset open(byte[] imageFile, byte[] labelFile, boolean gz) throws IOException {
        String suffix = gz ? ".gz" : "";
        return IdxDataset.open(CONF, write(dir, "images" + suffix, gz ? gzip(imageFile) : imageFile),
                write(dir, "labels" + suffix, gz ? gzip(labelFile) : labelFile), 10);
    }

    /** Reads [from, from+n) into arrays with a margin on each side and checks every value. */
    private static void assertReadsRange(IdxDataset ds, int from, int n) throws IOException {
        int f = ds.features();
        float[] features = new float[3 + n * f + 5];
        int[] labels = new int[2 + n + 4];
        Arrays.fill(features, -1f);
        Arrays.fill(labels, -1);

        ds.read(CONF, from, n, features, 3, labels, 2);

        for (int i = 0; i < n; i++) {
            for (int p = 0; p < f; p++) {
                float expected = pixel(from + i, p) / 255f;
                if (features[3 + i * f + p] != expected) { // one assertion per pixel would be slow
                    assertThat(features[3 + i * f + p]).as("item %d pixel %d", from + i, p).isEqualTo(expected);
                }
            }
            assertThat(labels[2 + i]).as("label of item %d", from + i).isEqualTo(label(from + i));
        }
        assertThat(Arrays.copyOfRange(features, 0, 3)).containsOnly(-1f);
        assertThat(Arrays.copyOfRange(features, 3 + n * f, features.length)).containsOnly(-1f);
        assertThat(Arrays.copyOfRange(labels, 0, 2)).containsOnly(-1);
        assertThat(Arrays.copyOfRange(labels, 2 + n, labels.length)).containsOnly(-1);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void exposesShapeAndPaths(boolean gz) throws IOException {
        IdxDataset ds = open(images(100, 5, 4), labels(100), gz);

        assertThat(ds.count()).isEqualTo(100);
        assertThat(ds.rows()).isEqualTo(5);
        assertThat(ds.cols()).isEqualTo(4);
        assertThat(ds.features()).isEqualTo(20);
        assertThat(ds.numClasses()).isEqualTo(10);
        assertThat(ds.imagesPath()).isEqualTo(dir.resolve(gz ? "images.gz" : "images").toString());
        assertThat(ds.labelsPath()).isEqualTo(dir.resolve(gz ? "labels.gz" : "labels").toString());
        assertThat(ds.imagesHeader().dims()).containsExactly(100, 5, 4);
        assertThat(ds.imagesHeader().dataOffset()).isEqualTo(16);
        assertThat(ds.labelsHeader().dataOffset()).isEqualTo(8);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsRangesScaledToUnitInterval(boolean gz) throws IOException {
        IdxDataset ds = open(images(100, 5, 4), labels(100), gz);

        assertReadsRange(ds, 37, 20);
        assertReadsRange(ds, 0, 1);
        assertReadsRange(ds, 99, 1);
        assertReadsRange(ds, 0, 100);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void sequentialImageReaderAndByteReadsMatchFloatReads(boolean gz) throws IOException {
        IdxDataset ds = open(images(700, 28, 28), labels(700), gz);
        float[] expected = new float[300 * 784];
        int[] expectedLabels = new int[300];
        ds.read(CONF, 250, 300, expected, 0, expectedLabels, 0);

        float[] streamed = new float[300 * 784];
        try (IdxDataset.ImageReader reader = ds.imageReader(CONF, 250)) {
            reader.read(100, streamed, 0); // chunks of different sizes, one stream
            reader.read(1, streamed, 100 * 784);
            reader.read(199, streamed, 101 * 784);
            assertThatThrownBy(() -> reader.read(151, new float[151 * 784], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(streamed).isEqualTo(expected);

        byte[] pixels = new byte[300 * 784];
        byte[] byteLabels = new byte[300];
        ds.readBytes(CONF, 250, 300, pixels, byteLabels);
        for (int i = 0; i < pixels.length; i++) {
            assertThat(IdxDataset.pixelValue(pixels[i] & 0xFF)).isEqualTo(expected[i]);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(byteLabels[i] & 0xFF).isEqualTo(expectedLabels[i]);
        }
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsRangesSpanningManyBuffers(boolean gz) throws IOException {
        IdxDataset ds = open(images(2000, 28, 28), labels(2000), gz);

        assertReadsRange(ds, 0, 2000);
        assertReadsRange(ds, 1234, 700);
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        IdxDataset ds = IdxDataset.open(CONF, write(dir, "images-idx3-ubyte", gzip(images(50, 3, 3))),
                write(dir, "labels-idx1-ubyte.gz", labels(50)), 10);

        assertReadsRange(ds, 10, 30);
    }

    @Test
    void acceptsFileUris() throws IOException {
        write(dir, "images", images(10, 2, 2));
        write(dir, "labels", labels(10));

        IdxDataset ds = IdxDataset.open(CONF, dir.resolve("images").toUri().toString(),
                dir.resolve("labels").toUri().toString(), 10);

        assertThat(ds.imagesPath()).startsWith("file:");
        assertReadsRange(ds, 3, 5);
    }

    @Test
    void survivesJavaSerializationAsInASparkClosure() throws Exception {
        IdxDataset ds = open(images(100, 5, 4), labels(100), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ds);
        }
        IdxDataset copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (IdxDataset) in.readObject();
        }

        assertThat(copy.count()).isEqualTo(100);
        assertReadsRange(copy, 40, 10);
    }

    @Test
    void rejectsRangesOutsideTheDataOrArrays() throws IOException {
        IdxDataset ds = open(images(10, 2, 2), labels(10), false);
        float[] features = new float[40];
        int[] labels = new int[10];

        assertThatThrownBy(() -> ds.read(CONF, 8, 3, features, 0, labels, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ds.read(CONF, -1, 1, features, 0, labels, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ds.read(CONF, 0, 10, features, 1, labels, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ds.read(CONF, 0, 10, features, 0, labels, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IdxDataset.open(CONF, ds.imagesPath(), ds.labelsPath(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numClasses must be in 1..256 (labels are bytes), got 0");
    }

    @Test
    void badMagicNumber() throws IOException {
        String images = write(dir, "images", new byte[2016]);
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": bad magic number 0x00000000"
                        + " (expected 0x00000803 for an idx3 unsigned-byte image file)");
    }

    @Test
    void labelsAndImagesSwapped() throws IOException {
        String images = write(dir, "images", images(100, 5, 4));
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, labels, images, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": bad magic number 0x00000801"
                        + " (expected 0x00000803 for an idx3 unsigned-byte image file)");
    }

    @Test
    void emptyFile() throws IOException {
        String images = write(dir, "images", new byte[0]);
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: the file has 0 bytes, too few for the 4-byte magic number"
                        + " of an idx3 unsigned-byte image file");
    }

    @Test
    void truncatedHeader() throws IOException {
        String images = write(dir, "images", header(IMAGES_MAGIC, 100));
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: the header of an idx3 unsigned-byte image file needs 16 bytes"
                        + " but the data ends after 8");
    }

    @Test
    void truncatedFile() throws IOException {
        String images = write(dir, "images", images(100, 50, 5, 4));
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: header declares 100 images of 5x4 (2016 bytes with header)"
                        + " but the file has 1016 bytes");
    }

    @Test
    void truncatedLabelFile() throws IOException {
        String images = write(dir, "images", images(100, 5, 4));
        String labels = write(dir, "labels", Arrays.copyOf(labels(100), 58));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": truncated: header declares 100 labels (108 bytes with header)"
                        + " but the file has 58 bytes");
    }

    @Test
    void trailingBytes() throws IOException {
        String images = write(dir, "images", concat(images(100, 5, 4), new byte[3]));
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": trailing data: header declares 100 images of 5x4 (2016 bytes with header)"
                        + " but the file has 2019 bytes");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void hugeDeclaredCountFailsBeforeAllocating() throws IOException {
        String images = write(dir, "images", header(IMAGES_MAGIC, 2_000_000_000, 28, 28));
        String labels = write(dir, "labels", header(LABELS_MAGIC, 2_000_000_000));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: header declares 2000000000 images of 28x28"
                        + " (1568000000016 bytes with header) but the file has 16 bytes");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void hugeDeclaredCountInGzipFailsOnReadWithoutAllocating() throws IOException {
        // Gzip lengths are unknown up front, so open() succeeds; reading must not trust the header.
        IdxDataset ds = open(header(IMAGES_MAGIC, 2_000_000_000, 28, 28), header(LABELS_MAGIC, 2_000_000_000), true);
        float[] features = new float[10 * 28 * 28];
        int[] labels = new int[10];
        String expected = ds.imagesPath() + ": truncated: the data ends at item 0 (byte offset 16)"
                + " but the header declares 2000000000 images of 28x28";

        assertThat(ds.count()).isEqualTo(2_000_000_000);
        assertThatThrownBy(() -> ds.read(CONF, 0, 10, features, 0, labels, 0))
                .isExactlyInstanceOf(IdxFormatException.class).hasMessage(expected);
        assertThatThrownBy(() -> ds.read(CONF, 1_999_999_990, 10, features, 0, labels, 0))
                .isExactlyInstanceOf(IdxFormatException.class).hasMessage(expected);
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        String images = write(dir, "images", images(100, 5, 4));
        String labels = write(dir, "labels", labels(99));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": image count 100 does not match label count 99 in " + labels);
    }

    @Test
    void zeroRows() throws IOException {
        String images = write(dir, "images", header(IMAGES_MAGIC, 100, 0, 4));
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": bad dimensions: header declares 100 images of 0x4"
                        + " (every dimension must be positive)");
    }

    @Test
    void negativeLabelCount() throws IOException {
        String images = write(dir, "images", images(100, 5, 4));
        String labels = write(dir, "labels", header(LABELS_MAGIC, -1));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": bad dimensions: header declares -1 labels (every dimension must be positive)");
    }

    @Test
    void itemSizeOverflowingAnInt() throws IOException {
        String images = write(dir, "images", header(IMAGES_MAGIC, 1, 65536, 65536));
        String labels = write(dir, "labels", labels(1));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": bad dimensions: header declares 1 images of 65536x65536"
                        + " (4294967296 bytes per item, more than 2147483647)");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void labelOutOfRange(boolean gz) throws IOException {
        byte[] labelFile = labels(100);
        labelFile[8 + 5] = 12;
        IdxDataset ds = open(images(100, 5, 4), labelFile, gz);

        assertThatThrownBy(() -> ds.read(CONF, 0, 10, new float[200], 0, new int[10], 0))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(ds.labelsPath() + ": label 12 at item 5 (byte offset 13) is outside 0..9");
    }

    @Test
    void labelsAreCheckedAgainstTheCallersClassCount() throws IOException {
        String images = write(dir, "images", images(100, 5, 4));
        String labels = write(dir, "labels", labels(100));
        IdxDataset ds = IdxDataset.open(CONF, images, labels, 5);

        ds.read(CONF, 50, 5, new float[100], 0, new int[5], 0);
        assertThatThrownBy(() -> ds.read(CONF, 50, 10, new float[200], 0, new int[10], 0))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": label 5 at item 55 (byte offset 63) is outside 0..4");
    }

    @Test
    void missingFile() throws IOException {
        String images = dir.resolve("no-such-images").toString();
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(FileNotFoundException.class)
                .hasMessage(images + ": no such file");
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        String images = Files.createDirectory(dir.resolve("images")).toString();
        String labels = write(dir, "labels", labels(100));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": is a directory (expected an IDX file)");
    }

    @Test
    void gzipOfShortData() throws IOException {
        IdxDataset ds = open(images(100, 50, 5, 4), labels(100), true);
        String expected = ds.imagesPath() + ": truncated: the data ends at item 50 (byte offset 1016)"
                + " but the header declares 100 images of 5x4";

        assertReadsRange(ds, 0, 50);
        assertThatThrownBy(() -> ds.read(CONF, 40, 20, new float[400], 0, new int[20], 0))
                .isExactlyInstanceOf(IdxFormatException.class).hasMessage(expected);
        assertThatThrownBy(() -> ds.read(CONF, 60, 10, new float[200], 0, new int[10], 0))
                .isExactlyInstanceOf(IdxFormatException.class).hasMessage(expected);
    }

    @Test
    void cutOffGzipStream() throws IOException {
        byte[] whole = gzip(images(2000, 28, 28));
        IdxDataset ds = IdxDataset.open(CONF, write(dir, "images.gz", Arrays.copyOf(whole, whole.length / 2)),
                write(dir, "labels", labels(2000)), 10);

        assertThatThrownBy(() -> ds.read(CONF, 0, 2000, new float[2000 * 784], 0, new int[2000], 0))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(ds.imagesPath() + ": truncated: the data ends at item ")
                .hasMessageEndingWith(" but the header declares 2000 images of 28x28");
    }

    @Test
    void gzipCutInsideItsOwnHeader() throws IOException {
        String images = write(dir, "images.gz", Arrays.copyOf(gzip(images(10, 2, 2)), 5));
        String labels = write(dir, "labels", labels(10));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: the file ends inside its gzip header");
    }

    @Test
    void corruptGzipData() throws IOException {
        byte[] file = gzip(images(10, 2, 2));
        Arrays.fill(file, 10, file.length, (byte) 0xFF); // keep the 10-byte gzip header, wreck the deflate data
        String images = write(dir, "images.gz", file);
        String labels = write(dir, "labels", labels(10));

        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(images + ": corrupt gzip data after 0 decompressed bytes: ");
    }
}
