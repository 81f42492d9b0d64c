package io.dpnet.nn.embed;

import java.io.Serializable;

/**
 * One categorical column: ids in {@code [0, vocabularySize)} (e.g. a {@code StringIndexer}
 * output), each looked up in its own {@code tableRows() × dim} embedding table.
 */
public record CategoricalInput(String name, int vocabularySize, int dim, OovPolicy oov) implements Serializable {
    public CategoricalInput {
        TableShape.check(name, vocabularySize, dim, oov);
    }

    /** {@code vocabularySize}, plus the reserved unknown row under {@link OovPolicy#UNKNOWN_ID}. */
    public int tableRows() {
        return TableShape.rows(vocabularySize, oov);
    }

    @Override
    public String toString() {
        return name + ": " + TableShape.describe(vocabularySize, dim, oov);
    }
}
