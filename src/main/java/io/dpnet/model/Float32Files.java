package io.dpnet.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Raw little-endian float32 arrays with a sha256, the on-disk form of weights (models) and of
 * weights and optimizer moments (checkpoints). Streams in chunks: no per-float objects.
 */
final class Float32Files {
    private static final int CHUNK_FLOATS = 64 * 1024;

    private Float32Files() {
    }

    /** Writes {@code values} to a new file and returns their sha256 in hex. */
    static String write(FileSystem fs, Path path, float[] values) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        try (OutputStream out = fs.create(path, false)) {
            for (int off = 0; off < values.length; off += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, values.length - off);
                floats.clear();
                floats.put(values, off, n);
                out.write(bytes.array(), 0, n * Float.BYTES);
                sha.update(bytes.array(), 0, n * Float.BYTES);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Reads exactly {@code count} floats, checking the file length before allocating and the
     * sha256 after reading; {@code name} labels the file in error messages and {@code shaSource}
     * names where the expected sum came from.
     */
    static float[] read(FileSystem fs, Path path, String name, int count, String expectedSha, String shaSource)
            throws IOException {
        long expectedBytes = (long) count * Float.BYTES;
        long actualBytes = ModelIo.requireFile(fs, path, name).getLen();
        if (actualBytes != expectedBytes) {
            throw new ModelFormatException(name + ": expected " + expectedBytes + " bytes (" + count
                    + " float32) but found " + actualBytes);
        }
        float[] values = new float[count];
        MessageDigest sha = sha256();
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        try (FSDataInputStream in = fs.open(path)) {
            for (int off = 0; off < count; off += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, count - off);
                in.readFully(bytes.array(), 0, n * Float.BYTES);
                sha.update(bytes.array(), 0, n * Float.BYTES);
                floats.clear();
                floats.get(values, off, n);
            }
        }
        String actualSha = HexFormat.of().formatHex(sha.digest());
        if (!actualSha.equals(expectedSha)) {
            throw new ModelFormatException(name + ": expected sha256 " + expectedSha + " (from " + shaSource
                    + ") but found " + actualSha);
        }
        return values;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
