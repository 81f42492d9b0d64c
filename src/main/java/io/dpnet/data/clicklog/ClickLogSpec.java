package io.dpnet.data.clicklog;

import java.io.Serializable;
import java.util.List;

/**
 * The shape and the ground-truth rule of a generated click log. Three categorical columns
 * ({@code user}, {@code item}, {@code site}) with ids {@code 0..size-1}, three standard-normal
 * numeric columns {@code x1..x3}, and a binary {@code label} drawn from
 *
 * <pre>
 *   logit = BIAS + e_user[user] + e_item[item] + e_site[site] + W1·x1 + W2·x2 + W3·x3
 *   label ~ Bernoulli(1 / (1 + exp(-logit)))
 * </pre>
 *
 * where each per-id effect {@code e_c[id] = SIGMA_c · N(0, 1)} is drawn from a hash of (seed,
 * column, id). Ids follow a Zipf-like popularity (id 0 most frequent, as after Spark's
 * {@code StringIndexer}, which orders by frequency), with a column's own exponent: a long tail of
 * rarely seen users, a moderately skewed item catalogue, a few dominant sites.
 *
 * @param seed the one seed of ids, numerics, labels and effects
 * @param vocabulary ids per categorical column, in {@link #CATEGORICAL} order
 */
public record ClickLogSpec(long seed, int[] vocabulary) implements Serializable {
    public static final String LABEL = "label";
    public static final List<String> CATEGORICAL = List.of("user", "item", "site");
    public static final List<String> NUMERIC = List.of("x1", "x2", "x3");
    /** The sizes: up to 10⁶ ids. */
    public static final int[] DEFAULT_VOCABULARY = {1_000_000, 100_000, 1_000};

    /** Zipf-like exponents per categorical column: popularity of rank k ∝ (k + 1)^-s. */
    static final double[] ZIPF_EXPONENT = {0.8, 1.0, 1.1};
    /** Standard deviation of the per-id effects (logit units) per categorical column. */
    static final double[] EFFECT_SIGMA = {1.0, 0.8, 0.5};
    static final double BIAS = -0.5;
    static final double[] NUMERIC_WEIGHT = {1.0, -0.7, 0.4};

    public ClickLogSpec {
        if (vocabulary.length != CATEGORICAL.size()) {
            throw new IllegalArgumentException("expected " + CATEGORICAL.size() + " vocabulary sizes "
                    + CATEGORICAL + ", got " + vocabulary.length);
        }
        vocabulary = vocabulary.clone();
        for (int c = 0; c < vocabulary.length; c++) {
            if (vocabulary[c] < 1) {
                throw new IllegalArgumentException("--" + CATEGORICAL.get(c) + "s must be >= 1, got " + vocabulary[c]);
            }
        }
    }

    public static ClickLogSpec defaults(long seed) {
        return new ClickLogSpec(seed, DEFAULT_VOCABULARY);
    }

    @Override
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    public int vocabulary(int column) {
        return vocabulary[column];
    }

    /** The rule in one line, for logs and the data set's description file. */
    public String ruleText() {
        StringBuilder sb = new StringBuilder("logit = ").append(BIAS);
        for (int c = 0; c < CATEGORICAL.size(); c++) {
            sb.append(" + e_").append(CATEGORICAL.get(c)).append('[').append(CATEGORICAL.get(c)).append(']');
        }
        for (int j = 0; j < NUMERIC.size(); j++) {
            sb.append(NUMERIC_WEIGHT[j] < 0 ? " - " : " + ").append(Math.abs(NUMERIC_WEIGHT[j])).append('·')
                    .append(NUMERIC.get(j));
        }
        sb.append("; label ~ Bernoulli(sigmoid(logit)); ");
        for (int c = 0; c < CATEGORICAL.size(); c++) {
            sb.append("e_").append(CATEGORICAL.get(c)).append(" ~ ").append(EFFECT_SIGMA[c]).append("·N(0,1) per id, ")
                    .append(CATEGORICAL.get(c)).append(" ~ Zipf(").append(ZIPF_EXPONENT[c]).append(") over ")
                    .append(vocabulary[c]).append(" ids; ");
        }
        return sb.append(String.join(", ", NUMERIC)).append(" ~ N(0,1)").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickLogSpec s && s.seed == seed && java.util.Arrays.equals(s.vocabulary, vocabulary);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + java.util.Arrays.hashCode(vocabulary);
    }

    @Override
    public String toString() {
        return "ClickLogSpec[seed=" + seed + ", vocabulary=" + java.util.Arrays.toString(vocabulary) + "]";
    }
}
