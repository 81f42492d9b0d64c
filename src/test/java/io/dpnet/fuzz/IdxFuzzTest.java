package io.dpnet.fuzz;

import static io.dpnet.data.IdxTestFiles.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;

/**
 * Fuzzes the IDX reader with corrupted copies of a small valid images/labels pair — raw, gzipped,
 * and raw behind a stale Hadoop {@code .crc} side file ({@link Encoding}):
 * {@link IdxDataset#open} followed by {@link IdxDataset#read} must either succeed and
 * return exactly the bytes the (possibly corrupted) file holds, or fail with
 * {@link IdxFormatException} whose message starts with the path of one of the two files and names
 * a corrupted one. Nothing else may escape (no NPE, index, negative-size, argument exceptions or
 * OutOfMemoryError), and no try may allocate much: headers can declare billions of items.
 *
 * <p>Seeds are fixed so a CI failure reproduces exactly; change a seed to explore new inputs.
 */
class IdxFuzzTest {
    private static final int COUNT = 9;
    private static final int ROWS = 5;
    private static final int COLS = 4;
    private static final int CLASSES = 10;
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    /** Floats one try reads at most; a gzip header may declare more than any heap holds. */
    private static final int MAX_FLOATS = 1 << 16;
    /** Far above what one try needs (stream buffers, our 256 KiB arrays), far below a declared size. */
    private static final long ALLOCATION_LIMIT = 32L << 20;

    /**
     * Byte strings that steer format decisions: gzip magic (with and without flag bytes), the IDX
     * magics and element types, int boundaries, sizes whose products overflow.
     */
    private static final String[] IDX_DICTIONARY = {"1f8b", "1f8b08", "1f8b0800", "1f8b08ff", "1f8b0804ffff",
        "00000803", "00000801", "00000802", "00000903", "0000080d", "00", "0000", "ff", "ffffffff", "7fffffff",
        "80000000", "77359400", "00010000", "0000b504", "0000b505"};

    /** The problem an IdxFormatException message names after the path, for the outcome statistics. */
    private static final Pattern PROBLEM = Pattern.compile("^(bad magic number|bad dimensions|truncated|trailing data"
            + "|image count|label \\d+ at item|corrupt gzip header|corrupt gzip data|corrupt data|is a directory)");

    private static final Configuration CONF = new Configuration();

    private static Path dir;

    /** How the corrupted bytes reach the reader. */
    enum Encoding {
        /** The corrupted bytes as they are. */
        RAW,
        /** The corrupted bytes, gzipped: a well-formed gzip stream around a bad IDX file. */
        GZIP_OF_CORRUPTED,
        /** The valid file gzipped, then the compressed bytes corrupted: bad gzip headers, data, trailers. */
        CORRUPTED_GZIP,
        /**
         * The valid file written through Hadoop's local FileSystem, which adds a {@code .crc} side
         * file, then replaced by the corrupted bytes behind its back: corruption a checksum catches.
         */
        RAW_WITH_STALE_CRC
    }

    @BeforeContainer
    static void createDirectoryAndWarmUp() throws IOException {
        dir = Files.createTempDirectory("dpnet-idx-fuzz");
        // Loads Hadoop's FileSystem classes and cache outside any measured try.
        String images = write("warm-images", images(COUNT, COUNT));
        String labels = write("warm-labels", labels(COUNT, COUNT));
        IdxDataset.open(CONF, images, labels, CLASSES)
                .read(CONF, 0, COUNT, new float[COUNT * ROWS * COLS], 0, new int[COUNT], 0);
        // The tries only ever replace these files' bytes, so their .crc files stay those of the valid pair.
        writeWithCrc(Encoding.RAW_WITH_STALE_CRC + "-images", images(COUNT, COUNT));
        writeWithCrc(Encoding.RAW_WITH_STALE_CRC + "-labels", labels(COUNT, COUNT));
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The files start as a valid pair that may declare a different count ({@code declaredCount},
     * set in both headers so it survives the count check) and hold extra items of data: that is
     * how a header can promise more than the data holds without the labels giving it away first.
     * Then each file is corrupted on its own.
     */
    @Property(tries = 1000, seed = "5813470912")
    void corruptedImagesOrLabelsAreReadExactlyOrRejectedWithIdxFormatException(
            @ForAll Encoding encoding,
            @ForAll("declaredCounts") Optional<Integer> declaredCount,
            @ForAll @IntRange(min = 0, max = 3) int extraImages,
            @ForAll @IntRange(min = 0, max = 3) int extraLabels,
            @ForAll("idxMutations") List<ByteMutation> imageMutations,
            @ForAll("idxMutations") List<ByteMutation> labelMutations) throws IOException {
        int declared = declaredCount.orElse(COUNT);
        byte[] images = ByteMutation.applyAll(imageMutations, images(declared, COUNT + extraImages));
        byte[] labels = ByteMutation.applyAll(labelMutations, labels(declared, COUNT + extraLabels));
        byte[] imagesFile = switch (encoding) {
            case RAW, RAW_WITH_STALE_CRC -> images;
            case GZIP_OF_CORRUPTED -> gzip(images);
            case CORRUPTED_GZIP -> ByteMutation.applyAll(imageMutations, gzip(images(declared, COUNT + extraImages)));
        };
        byte[] labelsFile = switch (encoding) {
            case RAW, RAW_WITH_STALE_CRC -> labels;
            case GZIP_OF_CORRUPTED -> gzip(labels);
            case CORRUPTED_GZIP -> ByteMutation.applyAll(labelMutations, gzip(labels(declared, COUNT + extraLabels)));
        };
        boolean gzipped = encoding == Encoding.GZIP_OF_CORRUPTED || encoding == Encoding.CORRUPTED_GZIP;
        byte[] validImages = gzipped ? gzip(images(COUNT, COUNT)) : images(COUNT, COUNT);
        byte[] validLabels = gzipped ? gzip(labels(COUNT, COUNT)) : labels(COUNT, COUNT);
        boolean imagesChanged = !Arrays.equals(imagesFile, validImages);
        boolean labelsChanged = !Arrays.equals(labelsFile, validLabels);
        // One pair of files per encoding: only RAW_WITH_STALE_CRC's have (the valid pair's) .crc files.
        String imagesPath = write(encoding + "-images", imagesFile);
        String labelsPath = write(encoding + "-labels", labelsFile);

        long before = AllocationMeter.allocatedSoFar();
        Read result = openAndRead(imagesPath, labelsPath);
        long allocated = AllocationMeter.allocatedSoFar() - before;

        assertThat(allocated).as("bytes allocated by one open+read").isLessThan(ALLOCATION_LIMIT);
        if (!imagesChanged && !labelsChanged) {
            assertThat(result.failure()).as("the valid pair").isNull();
            assertThat(result.count()).isEqualTo(COUNT);
        }
        if (result.failure() != null) {
            IOException e = result.failure();
            String message = e.getMessage();
            assertThat(e).isInstanceOf(IdxFormatException.class);
            assertThat(message).matches(m -> m.startsWith(imagesPath + ": ") || m.startsWith(labelsPath + ": "),
                    "starts with the path of one of the files");
            assertThat(imagesChanged && message.contains(imagesPath) || labelsChanged && message.contains(labelsPath))
                    .as("names a corrupted file: %s", message).isTrue();
            Statistics.label("outcome").collect(encoding, problem(message, imagesPath, labelsPath));
            return;
        }
        Statistics.label("outcome").collect(encoding, "read");
        if (encoding != Encoding.CORRUPTED_GZIP) {
            // The uncompressed bytes are known: what was read must exist and be the byte at its offset.
            assertThat(images.length).as("image bytes behind the items read")
                    .isGreaterThanOrEqualTo(16 + result.pixels().length);
            assertThat(labels.length).as("label bytes behind the items read")
                    .isGreaterThanOrEqualTo(8 + result.labels().length);
            for (int i = 0; i < result.pixels().length; i++) {
                assertThat(result.pixels()[i]).as("pixel %d", i).isEqualTo((images[16 + i] & 0xFF) / 255f);
            }
            for (int i = 0; i < result.labels().length; i++) {
                assertThat(result.labels()[i]).as("label %d", i).isEqualTo(labels[8 + i] & 0xFF);
            }
        }
        for (float p : result.pixels()) {
            assertThat(p).isBetween(0f, 1f);
        }
        for (int l : result.labels()) {
            assertThat(l).isBetween(0, CLASSES - 1);
        }
    }

    @Property(tries = 100, seed = "730281")
    void missingFilesAreFileNotFoundNamingThePath(@ForAll("fileNames") String name, @ForAll boolean imagesMissing)
            throws IOException {
        String present = write("present-" + (imagesMissing ? "labels" : "images"),
                imagesMissing ? labels(COUNT, COUNT) : images(COUNT, COUNT));
        String missing = dir.resolve("absent").resolve(name).toString();

        IOException e = openAndRead(imagesMissing ? missing : present, imagesMissing ? present : missing).failure();

        assertThat(e).isInstanceOf(FileNotFoundException.class);
        assertThat(e.getMessage()).startsWith(missing + ": ");
    }

    /** The kind of problem a message reports, e.g. "images: truncated", for the outcome statistics. */
    private static String problem(String message, String imagesPath, String labelsPath) {
        String file = message.startsWith(imagesPath + ": ") ? "images" : "labels";
        String rest = message.substring((file.equals("images") ? imagesPath : labelsPath).length() + 2);
        Matcher kind = PROBLEM.matcher(rest);
        return file + ": " + (kind.find() ? kind.group() : rest);
    }

    /**
     * Found by the property ({@code RAW_WITH_STALE_CRC}, one flipped bit): Hadoop's
     * ChecksumException escaped instead of an IdxFormatException naming the file. The property's
     * files fit in one 512-byte checksum chunk, so it only reaches the check at open; here the
     * bad chunk is also met by a read and by a seek (which verifies the chunk it lands in).
     */
    @Example
    void bytesThatFailTheirCrcAreIdxFormatExceptionAtOpenReadOrSeek() throws IOException {
        int count = 100; // 16 + 2000 bytes: four checksum chunks
        // {corrupted byte, first item read}: header chunk; chunk 3 read through from item 0; item 90 seeked to in chunk 3.
        for (int[] c : new int[][] {{5, 0}, {1900, 0}, {1900, 90}}) {
            writeWithCrc("crc-images", images(count, count));
            writeWithCrc("crc-labels", labels(count, count));
            String images = write("crc-images", new ByteMutation.FlipBit(c[0], 0).apply(images(count, count)));
            String labels = dir.resolve("crc-labels").toString();
            int from = c[1];

            assertThatThrownBy(() -> IdxDataset.open(CONF, images, labels, CLASSES)
                    .read(CONF, from, count - from, new float[(count - from) * ROWS * COLS], 0, new int[count - from], 0))
                    .as("byte %d corrupted, reading from item %d", c[0], from)
                    .isInstanceOf(IdxFormatException.class)
                    .hasMessageStartingWith(images + ": corrupt data: the bytes do not match their Hadoop checksum (")
                    .hasCauseInstanceOf(ChecksumException.class);
        }
    }

    /** What one open+read produced: the values read, or the exception (only IOExceptions are caught). */
    private record Read(int count, float[] pixels, int[] labels, IOException failure) {
    }

    /**
     * Opens the pair and reads as much as {@link #MAX_FLOATS} allows from the start, then the last
     * declared item (for gzip that walks the whole stream up to the declared end).
     */
    private static Read openAndRead(String imagesPath, String labelsPath) {
        try {
            IdxDataset data = IdxDataset.open(CONF, imagesPath, labelsPath, CLASSES);
            int features = data.features();
            int n = Math.min(data.count(), MAX_FLOATS / features);
            float[] pixels = new float[n * features];
            int[] labels = new int[n];
            data.read(CONF, 0, n, pixels, 0, labels, 0);
            if (features <= MAX_FLOATS) {
                data.read(CONF, data.count() - 1, 1, new float[features], 0, new int[1], 0);
            }
            return new Read(data.count(), pixels, labels, null);
        } catch (IOException e) {
            return new Read(0, null, null, e);
        }
    }

    @Provide
    Arbitrary<List<ByteMutation>> idxMutations() {
        // Half the files stay intact, so the other file's problems get through on their own.
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(List.of())),
                Tuple.of(2, Arbitraries.oneOf(ByteMutation.any(16, IDX_DICTIONARY), setHeaderInt())
                        .list().ofMinSize(1).ofMaxSize(4)));
    }

    @Provide
    Arbitrary<Optional<Integer>> declaredCounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Optional.empty())),
                Tuple.of(3, Arbitraries.integers().between(COUNT - 2, COUNT + 3).map(Optional::of)),
                Tuple.of(1, Arbitraries.of(65536, 2_000_000_000, Integer.MAX_VALUE).map(Optional::of)));
    }

    @Provide
    Arbitrary<String> fileNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("-_.").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    /** Replaces one of the four header ints: magic, count, rows, cols (labels have only two). */
    record SetHeaderInt(int slot, int value) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            if (in.length < 4 * slot + 4) {
                return in;
            }
            byte[] out = in.clone();
            ByteBuffer.wrap(out).putInt(4 * slot, value);
            return out;
        }
    }

    /** Header values that break arithmetic: signs, int boundaries, products that overflow 32 bits. */
    private static Arbitrary<ByteMutation> setHeaderInt() {
        Arbitrary<Integer> interesting = Arbitraries.of(0, 1, -1, 2, 3, 4, 5, 8, 9, 10, 28, 255, 256, 46340, 46341,
                65535, 65536, 1 << 24, 2_000_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, IMAGES_MAGIC,
                LABELS_MAGIC, 0x00000802, 0x00000903, 0x1f8b0800);
        Arbitrary<Integer> value = Arbitraries.oneOf(interesting, Arbitraries.integers());
        // The magic number is one flip away from rejection anyway; the sizes are the interesting part.
        Arbitrary<Integer> slot = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(3, 1), Tuple.of(2, 2), Tuple.of(2, 3));
        return Combinators.combine(slot, value).as(SetHeaderInt::new);
    }

    private static String write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }

    /** Writes through Hadoop's checksummed local FileSystem, which records a CRC per 512 bytes in {@code .name.crc}. */
    private static void writeWithCrc(String name, byte[] content) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
        try (OutputStream out = FileSystem.getLocal(CONF).create(path, true)) {
            out.write(content);
        }
    }

    /** An idx3 header declaring {@code declared} items, followed by data for {@code present}. */
    private static byte[] images(int declared, int present) {
        ByteBuffer b = ByteBuffer.allocate(16 + present * ROWS * COLS)
                .putInt(IMAGES_MAGIC).putInt(declared).putInt(ROWS).putInt(COLS);
        for (int i = 0; i < present * ROWS * COLS; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    private static byte[] labels(int declared, int present) {
        ByteBuffer b = ByteBuffer.allocate(8 + present).putInt(LABELS_MAGIC).putInt(declared);
        for (int i = 0; i < present; i++) {
            b.put((byte) (i % CLASSES));
        }
        return b.array();
    }
}
