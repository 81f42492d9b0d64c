package io.dpnet.nn.embed;

/** Rows {@code [first, first + count)} of an {@link InputRows}: one mini-batch (or a chunk of one). */
public record InputBatch(InputRows rows, int first, int count) {
    public InputBatch {
        if (first < 0 || count < 0 || (long) first + count > rows.rows()) {
            throw new IllegalArgumentException("rows [" + first + ", " + ((long) first + count) + ") are outside the "
                    + rows.rows() + " input rows");
        }
    }
}
