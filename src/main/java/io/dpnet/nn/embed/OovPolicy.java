package io.dpnet.nn.embed;

/** What an id outside a column's vocabulary {@code [0, size)} does. */
public enum OovPolicy {
    /** Stops with an error naming the row, the column and the id. */
    ERROR,
    /**
     * Maps to a reserved unknown id, {@code size} — the table gets one extra, trained row (the
     * convention of Spark's {@code StringIndexer(handleInvalid="keep")}, which puts unseen labels
     * at index {@code numLabels}).
     */
    UNKNOWN_ID
}
