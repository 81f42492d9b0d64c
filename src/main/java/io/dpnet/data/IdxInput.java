package io.dpnet.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One IDX file opened through Hadoop's {@link FileSystem} (so local paths, file://, hdfs:// and
 * s3a:// all work), transparently gunzipped, with the position in the (decompressed) data tracked
 * so that errors can name byte offsets and item indices.
 *
 * <p>Gzip is recognised by the 0x1f8b magic bytes rather than by a ".gz" suffix: IDX data starts
 * with two zero bytes, so the content decides unambiguously and misnamed files still work.
 * A premature end of the data is not thrown here; the read methods return short and the caller,
 * who knows which item it was reading, reports it.
 */
final class IdxInput implements Closeable {
    static final int BUFFER_SIZE = 1 << 16;

    private final String path;
    private final FSDataInputStream file;
    /** {@link #file} itself, or a gunzipping view of it. */
    private final InputStream in;
    private final boolean gzip;
    private final long fileLength;
    private long position;

    private IdxInput(String path, FSDataInputStream file, InputStream in, boolean gzip, long fileLength) {
        this.path = path;
        this.file = file;
        this.in = in;
        this.gzip = gzip;
        this.fileLength = fileLength;
    }

    /**
     * @throws FileNotFoundException if {@code path} does not exist; the message starts with the path
     * @throws IdxFormatException if it is a directory or its gzip header is damaged
     */
    static IdxInput open(Configuration conf, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            FileNotFoundException clear = new FileNotFoundException(path + ": no such file");
            clear.initCause(e);
            throw clear;
        }
        if (status.isDirectory()) {
            throw new IdxFormatException(path + ": is a directory (expected an IDX file)");
        }
        FSDataInputStream file = fs.open(p, BUFFER_SIZE);
        try {
            boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
            file.seek(0);
            InputStream in = gzip ? gunzip(path, file) : file;
            return new IdxInput(path, file, in, gzip, status.getLen());
        } catch (ChecksumException e) {
            file.close();
            throw checksumMismatch(path, e);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Hadoop verifies checksums where it keeps them (HDFS blocks, {@code .crc} side files of the
     * local FileSystem): a mismatch is corrupt input like any other, so it gets the same exception.
     */
    private static IdxFormatException checksumMismatch(String path, ChecksumException e) {
        return new IdxFormatException(path + ": corrupt data: the bytes do not match their Hadoop checksum ("
                + e.getMessage() + ")", e);
    }

    private static InputStream gunzip(String path, InputStream file) throws IOException {
        try {
            return new GZIPInputStream(file, BUFFER_SIZE);
        } catch (EOFException e) {
            throw new IdxFormatException(path + ": truncated: the file ends inside its gzip header", e);
        } catch (ZipException e) {
            throw new IdxFormatException(path + ": corrupt gzip header: " + e.getMessage(), e);
        }
    }

    String path() {
        return path;
    }

    boolean isGzip() {
        return gzip;
    }

    /** Length of the file on storage; for gzip that is the compressed length, not the data length. */
    long fileLength() {
        return fileLength;
    }

    /** Current offset in the (decompressed) IDX data. */
    long position() {
        return position;
    }

    /**
     * Reads until {@code len} bytes have arrived or the data ends.
     *
     * @return the number of bytes read; less than {@code len} only at the end of the data
     */
    int readUpTo(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = readSome(b, off + done, len - done);
            if (r < 0) {
                break;
            }
            done += r;
            position += r;
        }
        return done;
    }

    /**
     * Moves forward to {@code target}: a seek for raw files, decompress-and-discard for gzip.
     *
     * @return false if the data ends before {@code target}; {@link #position()} then says where
     */
    boolean skipTo(long target) throws IOException {
        if (target < position) {
            throw new IllegalArgumentException("cannot move backwards from " + position + " to " + target);
        }
        if (!gzip) {
            // Seeking past the end fails differently per FileSystem, so check the length instead.
            if (target > fileLength) {
                position = fileLength;
                return false;
            }
            try {
                file.seek(target); // a checksummed stream verifies the chunk it lands in
            } catch (ChecksumException e) {
                throw checksumMismatch(path, e);
            }
            position = target;
            return true;
        }
        while (position < target) {
            long s = skipSome(target - position);
            if (s < 0) {
                return false;
            }
            position += s;
        }
        return true;
    }

    private int readSome(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (EOFException e) {
            return -1; // GZIPInputStream's "Unexpected end of ZLIB input stream": a cut-off file
        } catch (ZipException e) {
            throw corrupt(e);
        } catch (ChecksumException e) {
            throw checksumMismatch(path, e);
        }
    }

    /** @return bytes skipped, at least one, or -1 at the end of the data */
    private long skipSome(long n) throws IOException {
        try {
            long s = in.skip(n);
            if (s > 0) {
                return s;
            }
            // skip() may return 0 without being at the end; a single read tells which.
            return in.read() < 0 ? -1 : 1;
        } catch (EOFException e) {
            return -1;
        } catch (ZipException e) {
            throw corrupt(e);
        } catch (ChecksumException e) {
            throw checksumMismatch(path, e);
        }
    }

    private IdxFormatException corrupt(ZipException e) {
        return new IdxFormatException(path + ": corrupt gzip data after " + position
                + " decompressed bytes: " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
