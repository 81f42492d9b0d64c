package io.dpnet.data;

import java.io.IOException;

/**
 * The one exception type for malformed IDX input: bad magic number, impossible dimensions,
 * truncated or oversized files, image/label count mismatch, corrupt gzip data, data that fails
 * Hadoop's checksum and labels outside {@code 0..numClasses-1}.
 *
 * <p>Every message starts with the file path as the caller gave it, followed by {@code ": "},
 * what was expected and what was found, so a user can fix the input without a stack trace.
 * A missing file is not a format problem: it is reported as {@link java.io.FileNotFoundException}.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
