package io.dpnet.nn.embed;

import java.io.Serializable;

/**
 * A variable-length bag of token ids per row (e.g. a tokenized text), pooled into one
 * {@code dim}-vector: ids equal to {@code paddingId} are skipped before anything else (so the
 * padding id may lie outside the vocabulary, e.g. −1), the rest are looked up in a
 * {@code tableRows() × dim} table and summed or averaged. A repeated id counts every time.
 */
public record TokenBagInput(String name, int vocabularySize, int dim, Pooling pooling, int paddingId, OovPolicy oov)
        implements Serializable {
    public TokenBagInput {
        TableShape.check(name, vocabularySize, dim, oov);
        if (pooling == null) {
            throw new IllegalArgumentException("token bag '" + name + "': pooling is required (sum or mean)");
        }
    }

    /** {@code vocabularySize}, plus the reserved unknown row under {@link OovPolicy#UNKNOWN_ID}. */
    public int tableRows() {
        return TableShape.rows(vocabularySize, oov);
    }

    @Override
    public String toString() {
        return name + ": bag of " + TableShape.describe(vocabularySize, dim, oov) + ", "
                + pooling.name().toLowerCase(java.util.Locale.ROOT) + ", padding " + paddingId;
    }
}
