package io.dpnet.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a table feed a block network, by role: the label (a class index for
 * classification, the target for regression), numeric feature columns, categorical id columns
 * (one embedding each, e.g. {@code StringIndexer} outputs), an optional column of token-id bags
 * and an optional per-row weight column. Only names: what a column must hold is checked where
 * the rows are read, with the row named.
 *
 * <p>Validated once here: a label is required, no name is blank and no column plays two roles
 * (a column listed twice would be read twice and mean nothing new).
 *
 * @param tokens the token-bag column, or null for none
 * @param weight the sample-weight column, or null for all weights 1
 */
public record TabularColumns(String label, List<String> numeric, List<String> categorical, String tokens,
                             String weight) implements Serializable {
    public TabularColumns {
        numeric = numeric == null ? List.of() : List.copyOf(numeric);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        Map<String, String> roles = new LinkedHashMap<>();
        claim(roles, label, "label");
        numeric.forEach(c -> claim(roles, c, "numeric"));
        categorical.forEach(c -> claim(roles, c, "categorical"));
        if (tokens != null) {
            claim(roles, tokens, "tokens");
        }
        if (weight != null) {
            claim(roles, weight, "weight");
        }
        if (numeric.isEmpty() && categorical.isEmpty() && tokens == null) {
            throw new IllegalArgumentException("no input columns: name at least one numeric, categorical or tokens column");
        }
    }

    private static void claim(Map<String, String> roles, String column, String role) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("the " + role + " column needs a name, got "
                    + (column == null ? "none" : "'" + column + "'"));
        }
        String before = roles.putIfAbsent(column, role);
        if (before != null) {
            throw new IllegalArgumentException("column '" + column + "' is used twice: as " + before + " and as " + role);
        }
    }

    /** Just a label; add inputs with the {@code with…} methods (each validates the whole again). */
    public static Builder label(String label) {
        return new Builder(label);
    }

    /** Every column read, in role order: label, numeric, categorical, tokens, weight. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(label);
        all.addAll(numeric);
        all.addAll(categorical);
        if (tokens != null) {
            all.add(tokens);
        }
        if (weight != null) {
            all.add(weight);
        }
        return all;
    }

    public boolean hasTokens() {
        return tokens != null;
    }

    public boolean weighted() {
        return weight != null;
    }

    /** Collects the roles, then {@link #build()} validates. */
    public static final class Builder {
        private final String label;
        private List<String> numeric = List.of();
        private List<String> categorical = List.of();
        private String tokens;
        private String weight;

        private Builder(String label) {
            this.label = label;
        }

        public Builder numeric(String... columns) {
            numeric = List.of(columns);
            return this;
        }

        public Builder numeric(List<String> columns) {
            numeric = columns;
            return this;
        }

        public Builder categorical(String... columns) {
            categorical = List.of(columns);
            return this;
        }

        public Builder categorical(List<String> columns) {
            categorical = columns;
            return this;
        }

        /** The token-bag column (null: none). */
        public Builder tokens(String column) {
            tokens = column;
            return this;
        }

        /** The sample-weight column (null: every weight 1). */
        public Builder weight(String column) {
            weight = column;
            return this;
        }

        public TabularColumns build() {
            return new TabularColumns(label, numeric, categorical, tokens, weight);
        }
    }
}
