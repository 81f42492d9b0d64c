package io.dpnet.nn.embed;

/** Validation and wording shared by the two embedded column kinds. */
final class TableShape {
    /** Largest array Java reliably allocates. */
    private static final long MAX_FLOATS = Integer.MAX_VALUE - 8;

    private TableShape() {
    }

    static void check(String name, int vocabularySize, int dim, OovPolicy oov) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an embedded column needs a name");
        }
        if (vocabularySize <= 0) {
            throw new IllegalArgumentException("column '" + name + "': vocabulary size must be positive, got "
                    + vocabularySize);
        }
        if (dim <= 0) {
            throw new IllegalArgumentException("column '" + name + "': embedding dimension must be positive, got " + dim);
        }
        if (oov == null) {
            throw new IllegalArgumentException("column '" + name + "': an out-of-vocabulary policy is required");
        }
        if ((long) rows(vocabularySize, oov) * dim > MAX_FLOATS) {
            throw new IllegalArgumentException("column '" + name + "': a table of " + rows(vocabularySize, oov)
                    + " rows × " + dim + " exceeds one Java array (2^31 floats)");
        }
    }

    static int rows(int vocabularySize, OovPolicy oov) {
        return oov == OovPolicy.UNKNOWN_ID ? vocabularySize + 1 : vocabularySize;
    }

    static String describe(int vocabularySize, int dim, OovPolicy oov) {
        return vocabularySize + " ids" + (oov == OovPolicy.UNKNOWN_ID ? " + unknown " + vocabularySize : "") + " × " + dim
                + (oov == OovPolicy.ERROR ? " (oov: error)" : "");
    }
}
