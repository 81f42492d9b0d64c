package io.dpnet.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * A pair of IDX files, images (idx3, unsigned bytes) and labels (idx1), read through Hadoop's
 * FileSystem, raw or gzip-compressed.
 *
 * <p>{@link #open} validates both headers, the file lengths and that the counts match, so a bad
 * input fails on the driver before any work is scheduled. The instance holds only paths and
 * header values, so it can ride in a Spark closure; each executor then calls {@link #read} for
 * its own range with its own Hadoop configuration.
 *
 * <p>Bad input is always reported as {@link IdxFormatException}, a missing file as
 * {@link java.io.FileNotFoundException}; both messages start with the path.
 */
public final class IdxDataset implements Serializable {
    private static final long serialVersionUID = 1L;

    /** pixel / 255f for every byte value: exact division results without a divide per pixel. */
    private static final float[] PIXEL_SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            PIXEL_SCALE[i] = i / 255f;
        }
    }

    private final IdxHeader images;
    private final IdxHeader labels;
    private final int numClasses;

    private IdxDataset(IdxHeader images, IdxHeader labels, int numClasses) {
        this.images = images;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Reads and validates both headers. Labels themselves are validated against
     * {@code numClasses} as they are read.
     *
     * @param numClasses labels must lie in {@code 0..numClasses-1}; between 1 and 256
     */
    public static IdxDataset open(Configuration conf, String imagesPath, String labelsPath, int numClasses)
            throws IOException {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be in 1..256 (labels are bytes), got " + numClasses);
        }
        IdxHeader images = readHeader(conf, imagesPath, IdxKind.IMAGES);
        IdxHeader labels = readHeader(conf, labelsPath, IdxKind.LABELS);
        if (images.count() != labels.count()) {
            throw new IdxFormatException(imagesPath + ": image count " + images.count()
                    + " does not match label count " + labels.count() + " in " + labelsPath);
        }
        return new IdxDataset(images, labels, numClasses);
    }

    /**
     * An images file without labels, for predict: {@link #imageReader} works; {@link #read},
     * {@link #readBytes} and the label accessors need a labels file and fail.
     */
    public static IdxDataset openImages(Configuration conf, String imagesPath) throws IOException {
        return new IdxDataset(readHeader(conf, imagesPath, IdxKind.IMAGES), null, 0);
    }

    /**
     * Opens a sequential reader of images from item {@code from} on: one stream for a whole range,
     * so a gzip file is decompressed once per range instead of once per chunk.
     */
    public ImageReader imageReader(Configuration conf, int from) throws IOException {
        Objects.checkFromIndexSize(from, 0, count()); // 0 ≤ from ≤ count, without count + 1 overflowing
        IdxInput in = IdxInput.open(conf, images.path());
        try {
            seekToItem(in, images, IdxKind.IMAGES, from);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new ImageReader(in, from);
    }

    /** Reads consecutive images as {@code pixel/255f} floats; see {@link #imageReader}. */
    public final class ImageReader implements java.io.Closeable {
        private final IdxInput in;
        private final byte[] buf;
        private int next;

        private ImageReader(IdxInput in, int from) {
            this.in = in;
            this.next = from;
            this.buf = new byte[(int) Math.min(IdxInput.BUFFER_SIZE, (long) images.itemSize() * 256)];
        }

        /** Reads the next {@code n} images into {@code out} from {@code offset}. */
        public void read(int n, float[] out, int offset) throws IOException {
            Objects.checkFromIndexSize(next, n, count());
            long remaining = (long) n * images.itemSize();
            Objects.checkFromIndexSize(offset, (int) remaining, out.length);
            int o = offset;
            while (remaining > 0) {
                int want = (int) Math.min(buf.length, remaining);
                int got = in.readUpTo(buf, 0, want);
                for (int i = 0; i < got; i++) {
                    out[o++] = PIXEL_SCALE[buf[i] & 0xFF];
                }
                if (got < want) {
                    throw truncated(in, images, IdxKind.IMAGES);
                }
                remaining -= got;
            }
            next += n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static IdxHeader readHeader(Configuration conf, String path, IdxKind kind) throws IOException {
        try (IdxInput in = IdxInput.open(conf, path)) {
            return IdxHeader.read(in, kind);
        }
    }

    public int count() {
        return images.count();
    }

    public int rows() {
        return images.dims()[1];
    }

    public int cols() {
        return images.dims()[2];
    }

    /** Floats per item: rows * cols. */
    public int features() {
        return images.itemSize();
    }

    public int numClasses() {
        return numClasses;
    }

    public String imagesPath() {
        return images.path();
    }

    /** The labels file, or null for {@link #openImages}. */
    public String labelsPath() {
        return labels == null ? null : labels.path();
    }

    public IdxHeader imagesHeader() {
        return images;
    }

    public IdxHeader labelsHeader() {
        return labels;
    }

    /**
     * Reads items {@code [from, from+n)} into the caller's arrays: {@code n*features()} pixels scaled
     * to [0,1] as {@code pixel/255f}, row-major, starting at {@code featuresOffset}, and {@code n}
     * labels starting at {@code labelsOffset}. Nothing outside those slices is written; nothing
     * but stream buffers is allocated. For gzip files the data before {@code from} has to be
     * decompressed and discarded, so ranges late in a large file cost a pass over its start.
     *
     * @throws IndexOutOfBoundsException if the range is outside {@code [0, count())} or a slice
     *     does not fit its array
     * @throws IdxFormatException if a file turns out truncated or corrupt, or a label is outside
     *     {@code 0..numClasses-1}
     */
    public void read(Configuration conf, int from, int n, float[] features, int featuresOffset,
                     int[] labels, int labelsOffset) throws IOException {
        Objects.checkFromIndexSize(from, n, count());
        long featureCount = (long) n * features();
        if (featureCount > features.length) {
            throw new IndexOutOfBoundsException(n + " items need " + featureCount + " floats but the array has "
                    + features.length);
        }
        Objects.checkFromIndexSize(featuresOffset, (int) featureCount, features.length);
        Objects.checkFromIndexSize(labelsOffset, n, labels.length);
        if (n == 0) {
            return;
        }
        readPixels(conf, from, n, features, featuresOffset);
        readLabels(conf, from, n, labels, null, labelsOffset);
    }

    /** The float a pixel byte stands for: {@code pixel/255f}, the value every read path produces. */
    public static float pixelValue(int unsignedByte) {
        return PIXEL_SCALE[unsignedByte];
    }

    /**
     * Like {@link #read} but keeps the pixels as the file's unsigned bytes (4× less memory than
     * floats); {@link #pixelValue} converts them. This is what the training cache holds.
     */
    public void readBytes(Configuration conf, int from, int n, byte[] pixels, byte[] labels) throws IOException {
        Objects.checkFromIndexSize(from, n, count());
        if ((long) n * features() != pixels.length || labels.length != n) {
            throw new IndexOutOfBoundsException(n + " items need " + (long) n * features() + " pixels and " + n
                    + " labels but the arrays have " + pixels.length + " and " + labels.length);
        }
        if (n == 0) {
            return;
        }
        readPixelBytes(conf, from, n, pixels);
        readLabels(conf, from, n, null, labels, 0);
    }

    private void readPixelBytes(Configuration conf, int from, int n, byte[] out) throws IOException {
        try (IdxInput in = IdxInput.open(conf, images.path())) {
            seekToItem(in, images, IdxKind.IMAGES, from);
            int done = 0;
            while (done < out.length) {
                int want = Math.min(IdxInput.BUFFER_SIZE, out.length - done);
                int got = in.readUpTo(out, done, want);
                if (got < want) {
                    throw truncated(in, images, IdxKind.IMAGES);
                }
                done += got;
            }
        }
    }

    private void readPixels(Configuration conf, int from, int n, float[] out, int offset) throws IOException {
        try (ImageReader reader = imageReader(conf, from)) {
            reader.read(n, out, offset);
        }
    }

    /** Reads and range-checks labels into {@code ints} or, when that is null, {@code bytes}. */
    private void readLabels(Configuration conf, int from, int n, int[] ints, byte[] bytes, int offset)
            throws IOException {
        try (IdxInput in = IdxInput.open(conf, labels.path())) {
            byte[] buf = new byte[Math.min(IdxInput.BUFFER_SIZE, n)];
            seekToItem(in, labels, IdxKind.LABELS, from);
            int done = 0;
            while (done < n) {
                int want = Math.min(buf.length, n - done);
                int got = in.readUpTo(buf, 0, want);
                for (int i = 0; i < got; i++) {
                    int label = buf[i] & 0xFF;
                    if (label >= numClasses) {
                        int item = from + done + i;
                        throw new IdxFormatException(labels.path() + ": label " + label + " at item " + item
                                + " (byte offset " + (labels.dataOffset() + item) + ") is outside 0.."
                                + (numClasses - 1));
                    }
                    if (ints != null) {
                        ints[offset + done + i] = label;
                    } else {
                        bytes[offset + done + i] = buf[i];
                    }
                }
                if (got < want) {
                    throw truncated(in, labels, IdxKind.LABELS);
                }
                done += got;
            }
        }
    }

    private static void seekToItem(IdxInput in, IdxHeader header, IdxKind kind, int item) throws IOException {
        if (!in.skipTo(header.dataOffset() + (long) item * header.itemSize())) {
            throw truncated(in, header, kind);
        }
    }

    /** The data ended early, e.g. a cut-off gzip file, or a raw file that shrank since {@link #open}. */
    private static IdxFormatException truncated(IdxInput in, IdxHeader header, IdxKind kind) {
        long item = Math.max(0, in.position() - header.dataOffset()) / header.itemSize();
        return new IdxFormatException(header.path() + ": truncated: the data ends at item " + item
                + " (byte offset " + in.position() + ") but the header declares "
                + kind.describe(header.dims()));
    }

    @Override
    public String toString() {
        return "IdxDataset[" + count() + " items of " + rows() + "x" + cols() + ", " + images.path() + ", "
                + (labels == null ? "no labels" : labels.path()) + "]";
    }
}
