package io.dpnet.data;

/**
 * One malformed text line, described without its location ("expected ... but found ..."): the
 * Spark reader that knows the file and line turns it into an {@link InputFormatException}.
 * Checked, so a parser cannot forget to locate it.
 */
public final class LineFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public LineFormatException(String message) {
        super(message, null, false, false);
    }
}
