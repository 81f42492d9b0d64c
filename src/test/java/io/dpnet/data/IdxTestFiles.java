package io.dpnet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files byte by byte, valid or deliberately broken. */
public final class IdxTestFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxTestFiles() {
    }

    /** Pixel byte of an item; varies with both arguments and covers all 256 values. */
    static int pixel(int item, int p) {
        return (item * 31 + p * 7) & 0xFF;
    }

    static int label(int item) {
        return item % 10;
    }

    static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** An idx3 file declaring {@code declared} items of rows x cols, holding data for {@code actual}. */
    static byte[] images(int declared, int actual, int rows, int cols) {
        int size = rows * cols;
        byte[] data = new byte[actual * size];
        for (int i = 0; i < actual; i++) {
            for (int p = 0; p < size; p++) {
                data[i * size + p] = (byte) pixel(i, p);
            }
        }
        return concat(header(IMAGES_MAGIC, declared, rows, cols), data);
    }

    static byte[] images(int count, int rows, int cols) {
        return images(count, count, rows, cols);
    }

    static byte[] labels(int count) {
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++) {
            data[i] = (byte) label(i);
        }
        return concat(header(LABELS_MAGIC, count), data);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The gzip encoding of {@code data}, as the .gz IDX files dpnet reads directly. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the file and returns its path as the String the dataset API takes. */
    static String write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }
}
