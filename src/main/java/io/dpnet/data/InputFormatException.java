package io.dpnet.data;

import java.io.IOException;

/**
 * Malformed input in a non-IDX source (LIBSVM, CSV, Parquet, a DataFrame): a row that does not
 * parse, a feature vector of the wrong size, a label that is not an integer class.
 *
 * <p>Like {@link IdxFormatException}, every message says where (the file and line or byte
 * offset, or the row number of a DataFrame), what was expected and what was found, so the user
 * can fix the input without a stack trace. It is an {@link IOException} so the CLI reports it as
 * the user's error (exit 2), also when Spark wraps it in a task failure.
 */
public final class InputFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public InputFormatException(String message) {
        super(message);
    }

    public InputFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
