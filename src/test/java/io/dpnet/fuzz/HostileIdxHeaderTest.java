package io.dpnet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import io.dpnet.data.IdxTestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers that declare absurd sizes — 2 billion items, products of dimensions that overflow 32
 * bits — in files of a few hundred bytes. Raw files must be rejected by {@link IdxDataset#open}
 * from the header and the file length alone; gzip files (whose data length is unknown until
 * decompressed) are accepted at open, and then {@link IdxDataset#read} must serve the items that
 * exist and reject the ones that do not, without ever allocating the declared size.
 */
class HostileIdxHeaderTest {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int HUGE_COUNT = 2_000_000_000;
    /** Items of data actually present in every file below. */
    private static final int PRESENT = 20;
    /** Generous for stream buffers; the declared sizes are gigabytes to exabytes. */
    private static final long ALLOCATION_LIMIT = 16L << 20;

    private static final Configuration CONF = new Configuration();

    @TempDir
    static Path dir;

    @BeforeAll
    static void warmUp() throws IOException {
        // Hadoop's FileSystem classes and cache load on first use; keep that out of the measurements.
        String images = write("warm-images", images(PRESENT, 28, 28, PRESENT));
        String labels = write("warm-labels", labels(PRESENT, PRESENT));
        IdxDataset.open(CONF, images, labels, 10).read(CONF, 0, 1, new float[784], 0, new int[1], 0);
    }

    @Test
    void rawCountOfTwoBillionFailsAtOpenWithTheDeclaredSize() throws IOException {
        String images = write("images", images(HUGE_COUNT, 28, 28, PRESENT));
        String labels = write("labels", labels(HUGE_COUNT, PRESENT));
        long expected = 16 + (long) HUGE_COUNT * 28 * 28; // 1.568e12: overflows an int

        assertOpenFails(images, labels, images + ": truncated: header declares 2000000000 images of 28x28 ("
                + expected + " bytes with header) but the file has " + (16 + PRESENT * 784) + " bytes");
    }

    @Test
    void rawLabelsWithCountOfTwoBillionFailAtOpen() throws IOException {
        String images = write("images", images(PRESENT, 28, 28, PRESENT));
        String labels = write("labels", labels(HUGE_COUNT, PRESENT));

        assertOpenFails(images, labels, labels + ": truncated: header declares 2000000000 labels (2000000008 bytes "
                + "with header) but the file has " + (8 + PRESENT) + " bytes");
    }

    @Test
    void rawSizeThatWrapsToTheFileLengthIn32BitsIsStillTruncated() throws IOException {
        // 65536 items of 256x256 = 2^32 bytes of data, which is 0 in int arithmetic: with 32-bit
        // math the 16-byte header-only file would look exactly the declared length.
        String images = write("images", images(65536, 256, 256, 0));
        String labels = write("labels", labels(65536, 0));

        assertOpenFails(images, labels, images + ": truncated: header declares 65536 images of 256x256 ("
                + (16 + (1L << 32)) + " bytes with header) but the file has 16 bytes");
    }

    @Test
    void rawTwoBillionItemsOfTheLargestLegalSizeComputeTheSizeIn64Bits() throws IOException {
        String images = write("images", images(HUGE_COUNT, 46340, 46340, 0));
        String labels = write("labels", labels(HUGE_COUNT, 0));
        long expected = 16 + (long) HUGE_COUNT * (46340L * 46340L); // ~4.3e18, still below Long.MAX_VALUE

        assertOpenFails(images, labels, images + ": truncated: header declares 2000000000 images of 46340x46340 ("
                + expected + " bytes with header) but the file has 16 bytes");
    }

    @Test
    void itemSizeAbove2GiBFailsAtOpenForRawAndGzip() throws IOException {
        // 65536x65536 is 0 in int arithmetic, 46341x46341 just over Integer.MAX_VALUE.
        for (int side : new int[] {65536, 46341}) {
            byte[] content = images(HUGE_COUNT, side, side, 0);
            long itemBytes = (long) side * side;
            for (boolean gz : new boolean[] {false, true}) {
                String images = write("images-" + side + (gz ? ".gz" : ""), gz ? IdxTestFiles.gzip(content) : content);
                String labels = write("labels" + (gz ? ".gz" : ""), gz ? IdxTestFiles.gzip(labels(HUGE_COUNT, 0))
                        : labels(HUGE_COUNT, 0));

                assertOpenFails(images, labels, images + ": bad dimensions: header declares 2000000000 images of "
                        + side + "x" + side + " (" + itemBytes + " bytes per item, more than 2147483647)");
            }
        }
    }

    @Test
    void gzipWithCountOfTwoBillionOpensThenReadsThePresentItemsAndRejectsTheRest() throws IOException {
        String images = write("images.gz", IdxTestFiles.gzip(images(HUGE_COUNT, 28, 28, PRESENT)));
        String labels = write("labels.gz", IdxTestFiles.gzip(labels(HUGE_COUNT, PRESENT)));

        long before = AllocationMeter.allocatedSoFar();
        IdxDataset data = IdxDataset.open(CONF, images, labels, 10);
        assertThat(AllocationMeter.allocatedSoFar() - before).isLessThan(ALLOCATION_LIMIT);
        assertThat(data.count()).isEqualTo(HUGE_COUNT);

        // The items that exist read back exactly.
        float[] pixels = new float[PRESENT * 784];
        int[] labelValues = new int[PRESENT];
        data.read(CONF, 0, PRESENT, pixels, 0, labelValues, 0);
        for (int i = 0; i < PRESENT; i++) {
            assertThat(labelValues[i]).isEqualTo(i % 10);
            for (int p = 0; p < 784; p++) {
                assertThat(pixels[i * 784 + p]).isEqualTo(pixel(i, p) / 255f);
            }
        }

        // One item past the data, and the last declared item: clean failures, nothing big allocated.
        for (int from : new int[] {PRESENT, HUGE_COUNT - 1}) {
            before = AllocationMeter.allocatedSoFar();
            assertThatThrownBy(() -> data.read(CONF, from, 1, new float[784], 0, new int[1], 0))
                    .isInstanceOf(IdxFormatException.class)
                    .hasMessage(images + ": truncated: the data ends at item " + PRESENT + " (byte offset "
                            + (16 + PRESENT * 784) + ") but the header declares 2000000000 images of 28x28");
            assertThat(AllocationMeter.allocatedSoFar() - before).as("read from %d", from)
                    .isLessThan(ALLOCATION_LIMIT);
        }

        // A range that starts inside the data and runs past its end fails the same way.
        assertThatThrownBy(() -> data.read(CONF, PRESENT - 2, 5, new float[5 * 784], 0, new int[5], 0))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(images + ": truncated: the data ends at item " + PRESENT + " ");
    }

    @Test
    void gzipLabelsWithCountOfTwoBillionFailOnTheFirstMissingLabel() throws IOException {
        // Enough image bytes that reading pixels succeeds: the labels file is the one that runs out.
        String images = write("images.gz", IdxTestFiles.gzip(images(HUGE_COUNT, 2, 2, 2 * PRESENT)));
        String labels = write("labels.gz", IdxTestFiles.gzip(labels(HUGE_COUNT, PRESENT)));
        IdxDataset data = IdxDataset.open(CONF, images, labels, 10);

        long before = AllocationMeter.allocatedSoFar();
        assertThatThrownBy(() -> data.read(CONF, PRESENT, 1, new float[4], 0, new int[1], 0))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": truncated: the data ends at item " + PRESENT + " (byte offset "
                        + (8 + PRESENT) + ") but the header declares 2000000000 labels");
        assertThat(AllocationMeter.allocatedSoFar() - before).isLessThan(ALLOCATION_LIMIT);
    }

    @Test
    void gzipSizeThatWrapsIn32BitsOpensButReadsNothingThatIsNotThere() throws IOException {
        // 65536 items of 256x256: 2^32 data bytes declared, none present.
        String images = write("images.gz", IdxTestFiles.gzip(images(65536, 256, 256, 0)));
        String labels = write("labels.gz", IdxTestFiles.gzip(labels(65536, 0)));
        IdxDataset data = IdxDataset.open(CONF, images, labels, 10);

        long before = AllocationMeter.allocatedSoFar();
        assertThatThrownBy(() -> data.read(CONF, 65535, 1, new float[65536], 0, new int[1], 0))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(images + ": truncated: the data ends at item 0 (byte offset 16) but the header "
                        + "declares 65536 images of 256x256");
        // The caller's 256 KiB float array is the only sizeable allocation.
        assertThat(AllocationMeter.allocatedSoFar() - before).isLessThan(ALLOCATION_LIMIT);
    }

    private void assertOpenFails(String images, String labels, String message) {
        long before = AllocationMeter.allocatedSoFar();
        assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, 10))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(message);
        assertThat(AllocationMeter.allocatedSoFar() - before).as("bytes allocated by open")
                .isLessThan(ALLOCATION_LIMIT);
    }

    private static int pixel(int item, int p) {
        return (item * 31 + p * 7) & 0xFF;
    }

    /** An idx3 header declaring {@code count} items of rows x cols, followed by data for {@code presentItems}. */
    private static byte[] images(int count, int rows, int cols, int presentItems) {
        int itemBytes = presentItems == 0 ? 0 : rows * cols; // huge dims come only with no data
        ByteBuffer b = ByteBuffer.allocate(16 + presentItems * itemBytes)
                .putInt(IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < presentItems; i++) {
            for (int p = 0; p < itemBytes; p++) {
                b.put((byte) pixel(i, p));
            }
        }
        return b.array();
    }

    private static byte[] labels(int count, int presentItems) {
        ByteBuffer b = ByteBuffer.allocate(8 + presentItems).putInt(LABELS_MAGIC).putInt(count);
        for (int i = 0; i < presentItems; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    private static String write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }
}
