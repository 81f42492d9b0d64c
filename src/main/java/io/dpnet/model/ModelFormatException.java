package io.dpnet.model;

import java.io.IOException;

/**
 * A model directory that cannot be loaded: missing files, malformed or unsupported
 * {@code model.json}, or weights that do not match it. The message names the offending file and
 * says what was expected and what was found, so it can be shown to the user as is.
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
