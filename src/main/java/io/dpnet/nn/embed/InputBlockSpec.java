package io.dpnet.nn.embed;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What one input row is: {@code numericCount} numeric features, one embedding per categorical
 * column, and optionally one pooled token bag. The block the first dense layer sees is their
 * concatenation, in that order:
 * <pre>
 *   [ numeric (numericCount) | categorical 0 (dim₀) | … | categorical C−1 | bag (dim_b) ]
 * </pre>
 * Tables are numbered the same way: table {@code c} belongs to categorical column {@code c},
 * table {@code C} (if present) to the bag. Immutable and serializable (it travels in closures).
 */
public final class InputBlockSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numericCount;
    private final List<CategoricalInput> categoricals;
    private final TokenBagInput bag;
    private final int[] offsets;
    private final int width;

    /** @param bag the token bag, or null for none */
    public InputBlockSpec(int numericCount, List<CategoricalInput> categoricals, TokenBagInput bag) {
        if (numericCount < 0) {
            throw new IllegalArgumentException("numeric feature count must be >= 0, got " + numericCount);
        }
        this.numericCount = numericCount;
        this.categoricals = List.copyOf(categoricals);
        this.bag = bag;
        int tables = this.categoricals.size() + (bag == null ? 0 : 1);
        offsets = new int[tables];
        long w = numericCount;
        for (int t = 0; t < tables; t++) {
            offsets[t] = (int) w;
            w += dim(t);
        }
        if (w == 0) {
            throw new IllegalArgumentException("an input block needs at least one numeric feature or embedded column");
        }
        if (w > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("an input block of " + w + " floats per row is too wide");
        }
        width = (int) w;
        for (int i = 0; i < tables; i++) {
            for (int j = 0; j < i; j++) {
                if (tableName(i).equals(tableName(j))) {
                    throw new IllegalArgumentException("column '" + tableName(i) + "' appears twice in the input block");
                }
            }
        }
    }

    public int numericCount() {
        return numericCount;
    }

    public List<CategoricalInput> categoricals() {
        return categoricals;
    }

    /** The token bag, or null. */
    public TokenBagInput bag() {
        return bag;
    }

    public boolean hasBag() {
        return bag != null;
    }

    /** Floats per row of the block: the first dense layer's input size. */
    public int width() {
        return width;
    }

    /** Categorical columns plus the bag, if any. */
    public int tableCount() {
        return offsets.length;
    }

    /** Index of the bag's table ({@code = categoricals().size()}). */
    public int bagTable() {
        return categoricals.size();
    }

    public int tableRows(int table) {
        return table < categoricals.size() ? categoricals.get(table).tableRows() : bag.tableRows();
    }

    public int dim(int table) {
        return table < categoricals.size() ? categoricals.get(table).dim() : bag.dim();
    }

    public String tableName(int table) {
        return table < categoricals.size() ? categoricals.get(table).name() : bag.name();
    }

    /** Column in the block where table {@code table}'s vector starts. */
    public int offset(int table) {
        return offsets[table];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputBlockSpec s && s.numericCount == numericCount && s.categoricals.equals(categoricals)
                && Objects.equals(s.bag, bag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numericCount, categoricals, bag);
    }

    /** e.g. {@code 3 numeric | user: 1000 ids × 16 (oov: error) | tokens: bag of … → 55 inputs}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" | ");
        j.add(numericCount + " numeric");
        categoricals.forEach(c -> j.add(c.toString()));
        if (bag != null) {
            j.add(bag.toString());
        }
        return j + " → " + width + " inputs";
    }
}
