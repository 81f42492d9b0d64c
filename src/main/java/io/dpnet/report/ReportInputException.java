package io.dpnet.report;

import java.io.IOException;

/** A run directory file the report reads is malformed; the message names the file and the field. */
public final class ReportInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReportInputException(String message) {
        super(message);
    }

    public ReportInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
