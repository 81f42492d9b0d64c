package io.dpnet.nn.embed;

/**
 * The input side of {@code rows} samples for one {@link InputBlockSpec}, column-blocked so that
 * nothing exists per row:
 * <ul>
 *   <li>{@code numeric}: {@code rows × numericCount} floats, row-major;</li>
 *   <li>{@code categorical[c]}: one {@code int[rows]} of ids per categorical column;</li>
 *   <li>the bag, CSR-style: row {@code r}'s token ids are {@code bagIds[bagOffsets[r] ..
 *       bagOffsets[r + 1])}, so {@code bagOffsets} has {@code rows + 1} non-decreasing entries
 *       starting at 0 and an empty bag is two equal offsets.</li>
 * </ul>
 * Shapes are validated once, here; ids are checked against the vocabularies (and the
 * out-of-vocabulary policy applied) when the rows are looked up. The arrays are not copied.
 */
public final class InputRows {
    private final InputBlockSpec spec;
    private final int rows;
    private final float[] numeric;
    private final int[][] categorical;
    private final int[] bagOffsets;
    private final int[] bagIds;

    private InputRows(Builder b) {
        this.spec = b.spec;
        this.rows = b.rows;
        this.numeric = b.numeric == null ? new float[0] : b.numeric;
        this.categorical = b.categorical == null ? new int[0][] : b.categorical;
        this.bagOffsets = b.bagOffsets;
        this.bagIds = b.bagIds;
        validate();
    }

    public static Builder builder(InputBlockSpec spec, int rows) {
        return new Builder(spec, rows);
    }

    private void validate() {
        if (rows < 0) {
            throw new IllegalArgumentException("row count must be >= 0, got " + rows);
        }
        long numericFloats = (long) rows * spec.numericCount();
        if (numeric.length != numericFloats) {
            throw new IllegalArgumentException("numeric features: expected " + rows + " rows × " + spec.numericCount()
                    + " = " + numericFloats + " floats, got " + numeric.length);
        }
        int columns = spec.categoricals().size();
        if (categorical.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " categorical id columns "
                    + spec.categoricals().stream().map(CategoricalInput::name).toList() + ", got " + categorical.length);
        }
        for (int c = 0; c < columns; c++) {
            if (categorical[c] == null || categorical[c].length != rows) {
                throw new IllegalArgumentException("column '" + spec.tableName(c) + "': expected " + rows + " ids, got "
                        + (categorical[c] == null ? "none" : String.valueOf(categorical[c].length)));
            }
        }
        if (!spec.hasBag()) {
            if (bagOffsets != null || bagIds != null) {
                throw new IllegalArgumentException("token bags given, but the input block has no bag column");
            }
            return;
        }
        String name = spec.bag().name();
        if (bagOffsets == null || bagIds == null) {
            throw new IllegalArgumentException("column '" + name + "': token bags (offsets and ids) are required");
        }
        if (bagOffsets.length != rows + 1) {
            throw new IllegalArgumentException("column '" + name + "': expected " + (rows + 1)
                    + " bag offsets (rows + 1), got " + bagOffsets.length);
        }
        if (bagOffsets[0] != 0) {
            throw new IllegalArgumentException("column '" + name + "': the first bag offset must be 0, got "
                    + bagOffsets[0]);
        }
        for (int r = 0; r < rows; r++) {
            if (bagOffsets[r + 1] < bagOffsets[r]) {
                throw new IllegalArgumentException("row " + r + ", column '" + name + "': bag offsets decrease from "
                        + bagOffsets[r] + " to " + bagOffsets[r + 1]);
            }
        }
        if (bagOffsets[rows] > bagIds.length) {
            throw new IllegalArgumentException("column '" + name + "': the bag offsets end at " + bagOffsets[rows]
                    + " but there are only " + bagIds.length + " token ids");
        }
    }

    /** Rows {@code [first, first + count)} as one batch. */
    public InputBatch batch(int first, int count) {
        return new InputBatch(this, first, count);
    }

    public InputBlockSpec spec() {
        return spec;
    }

    public int rows() {
        return rows;
    }

    float[] numeric() {
        return numeric;
    }

    int[] categorical(int column) {
        return categorical[column];
    }

    int[] bagOffsets() {
        return bagOffsets;
    }

    int[] bagIds() {
        return bagIds;
    }

    @Override
    public String toString() {
        return "InputRows[" + rows + " rows" + (bagOffsets == null ? "" : ", " + bagOffsets[rows] + " tokens")
                + " of " + spec + "]";
    }

    /** Names each part; unset parts are empty (numeric, categorical) or absent (bag). */
    public static final class Builder {
        private final InputBlockSpec spec;
        private final int rows;
        private float[] numeric;
        private int[][] categorical;
        private int[] bagOffsets;
        private int[] bagIds;

        private Builder(InputBlockSpec spec, int rows) {
            this.spec = spec;
            this.rows = rows;
        }

        public Builder numeric(float[] values) {
            this.numeric = values;
            return this;
        }

        /** One id array per categorical column, in the spec's order. */
        public Builder categorical(int[]... columns) {
            this.categorical = columns;
            return this;
        }

        public Builder bags(int[] offsets, int[] ids) {
            this.bagOffsets = offsets;
            this.bagIds = ids;
            return this;
        }

        public InputRows build() {
            return new InputRows(this);
        }
    }
}
