package io.dpnet.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The validated header of an unsigned-byte IDX file: magic number, dimensions (the first is the
 * item count, the rest the shape of one item) and where the item data starts.
 *
 * <p>Holds the path as a String, not a Hadoop Path or FileSystem, because it travels to Spark
 * executors inside {@link IdxDataset}.
 */
public final class IdxHeader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int magic;
    private final int[] dims;
    private final long dataOffset;

    private IdxHeader(String path, int magic, int[] dims) {
        this.path = path;
        this.magic = magic;
        this.dims = dims;
        this.dataOffset = 4L + 4L * dims.length;
    }

    /**
     * Reads and validates the header at the start of {@code in}. For raw files the declared size
     * is checked against the file length here, before any caller allocates room for the items;
     * gzip lengths are unknown until decompressed, so truncation there surfaces when reading.
     */
    static IdxHeader read(IdxInput in, IdxKind kind) throws IOException {
        String path = in.path();
        byte[] head = new byte[4 * (1 + kind.dimensionCount())];
        int got = in.readUpTo(head, 0, 4);
        if (got < 4) {
            throw new IdxFormatException(path + ": truncated: " + (in.isGzip() ? "the data has " : "the file has ")
                    + got + " bytes, too few for the 4-byte magic number of " + kind.description);
        }
        int magic = bigEndianInt(head, 0);
        if (magic != kind.magic) {
            throw new IdxFormatException(String.format("%s: bad magic number 0x%08x (expected 0x%08x for %s)",
                    path, magic, kind.magic, kind.description));
        }
        got += in.readUpTo(head, 4, head.length - 4);
        if (got < head.length) {
            throw new IdxFormatException(path + ": truncated: the header of " + kind.description + " needs "
                    + head.length + " bytes but the data ends after " + got);
        }
        int[] dims = new int[kind.dimensionCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = bigEndianInt(head, 4 + 4 * i);
        }
        IdxHeader header = new IdxHeader(path, magic, dims);
        header.validateDimensions(kind);
        if (!in.isGzip()) {
            header.validateLength(kind, in.fileLength());
        }
        return header;
    }

    private void validateDimensions(IdxKind kind) throws IdxFormatException {
        for (int d : dims) {
            if (d <= 0) {
                throw new IdxFormatException(path + ": bad dimensions: header declares " + kind.describe(dims)
                        + " (every dimension must be positive)");
            }
        }
        long size = itemSizeAsLong();
        if (size > Integer.MAX_VALUE) {
            throw new IdxFormatException(path + ": bad dimensions: header declares " + kind.describe(dims)
                    + " (" + size + " bytes per item, more than " + Integer.MAX_VALUE + ")");
        }
    }

    private void validateLength(IdxKind kind, long fileLength) throws IdxFormatException {
        // At most (2^31-1)^2 + 16: cannot overflow a long.
        long expected = dataOffset + (long) count() * itemSize();
        if (fileLength != expected) {
            throw new IdxFormatException(path + ": " + (fileLength < expected ? "truncated" : "trailing data")
                    + ": header declares " + kind.describe(dims) + " (" + expected
                    + " bytes with header) but the file has " + fileLength + " bytes");
        }
    }

    private static int bigEndianInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    private long itemSizeAsLong() {
        long size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i]; // each factor < 2^31 and only idx3 has two: no overflow
        }
        return size;
    }

    /** The path as the caller gave it. */
    public String path() {
        return path;
    }

    public int magic() {
        return magic;
    }

    /** A copy of the dimensions: item count first, then the shape of one item. */
    public int[] dims() {
        return dims.clone();
    }

    /** Byte offset of the first item: after the magic number and one int per dimension. */
    public long dataOffset() {
        return dataOffset;
    }

    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first (1 for labels). */
    public int itemSize() {
        return (int) itemSizeAsLong();
    }

    @Override
    public String toString() {
        return path + " " + Arrays.toString(dims);
    }
}
