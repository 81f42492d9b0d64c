package io.dpnet.model;

import io.dpnet.nn.embed.InputBlockSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a block model reads a table row: the {@link InputBlockSpec} (shapes, pooling, padding,
 * out-of-vocabulary policies) plus what the spec cannot say — which columns feed it and how their
 * values become numbers and ids:
 * <ul>
 *   <li>numeric column {@code i} is {@code numeric().get(i)}, standardized with its fitted mean
 *       and scale;</li>
 *   <li>categorical column {@code c} is named {@code block().categoricals().get(c).name()}; with a
 *       {@link #vocabulary vocabulary} its string values map to their vocabulary ids, without one
 *       the column already holds integer ids;</li>
 *   <li>the token bag, if any, is named {@code block().bag().name()}; with a
 *       {@link #tokenVocabulary() token vocabulary} it is a text column, tokenized by
 *       {@link #TOKEN_PATTERN} after lower-casing, each token mapped to its vocabulary id; without
 *       one it is an array of integer ids.</li>
 * </ul>
 * Immutable and serializable.
 */
public final class TabularInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The tokenizer's separator (Spark {@code RegexTokenizer} semantics with {@code gaps=true},
     * {@code toLowercase=true}): runs of anything but Unicode letters and digits; empty tokens
     * are dropped.
     */
    public static final String TOKEN_PATTERN = "[^\\p{L}\\p{N}]+";

    private final InputBlockSpec block;
    private final List<NumericColumn> numeric;
    private final Vocabulary[] vocabularies;
    private final Vocabulary tokenVocabulary;

    /**
     * @param vocabularies one per categorical column, null entries for integer-id columns (the
     *     list may itself be null when every column holds ids)
     * @param tokenVocabulary the text column's vocabulary, or null (ids column, or no bag)
     */
    public TabularInput(InputBlockSpec block, List<NumericColumn> numeric, List<Vocabulary> vocabularies,
                        Vocabulary tokenVocabulary) {
        this.block = Objects.requireNonNull(block, "block");
        this.numeric = List.copyOf(numeric);
        if (this.numeric.size() != block.numericCount()) {
            throw new IllegalArgumentException("the input block has " + block.numericCount() + " numeric features but "
                    + this.numeric.size() + " numeric columns were given");
        }
        int columns = block.categoricals().size();
        this.vocabularies = new Vocabulary[columns];
        if (vocabularies != null) {
            if (vocabularies.size() != columns) {
                throw new IllegalArgumentException("the input block has " + columns + " categorical columns but "
                        + vocabularies.size() + " vocabulary entries were given");
            }
            for (int c = 0; c < columns; c++) {
                Vocabulary v = vocabularies.get(c);
                int size = block.categoricals().get(c).vocabularySize();
                if (v != null && v.size() != size) {
                    throw new IllegalArgumentException("column '" + block.categoricals().get(c).name() + "': the "
                            + "vocabulary has " + v.size() + " values but the embedding has " + size + " ids");
                }
                this.vocabularies[c] = v;
            }
        }
        if (tokenVocabulary != null) {
            if (!block.hasBag()) {
                throw new IllegalArgumentException("a token vocabulary was given but the input block has no token bag");
            }
            if (tokenVocabulary.size() != block.bag().vocabularySize()) {
                throw new IllegalArgumentException("column '" + block.bag().name() + "': the token vocabulary has "
                        + tokenVocabulary.size() + " values but the bag has " + block.bag().vocabularySize() + " ids");
            }
        }
        this.tokenVocabulary = tokenVocabulary;
    }

    public InputBlockSpec block() {
        return block;
    }

    public List<NumericColumn> numeric() {
        return numeric;
    }

    /** Categorical column {@code c}'s vocabulary, or null if the column holds integer ids. */
    public Vocabulary vocabulary(int c) {
        return vocabularies[c];
    }

    /** The text column's vocabulary, or null (no bag, or a bag of integer ids). */
    public Vocabulary tokenVocabulary() {
        return tokenVocabulary;
    }

    /** Every input column's name, in block order: numeric, categorical, tokens. */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        numeric.forEach(n -> out.add(n.name()));
        block.categoricals().forEach(c -> out.add(c.name()));
        if (block.hasBag()) {
            out.add(block.bag().name());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularInput t && t.block.equals(block) && t.numeric.equals(numeric)
                && Arrays.equals(t.vocabularies, vocabularies) && Objects.equals(t.tokenVocabulary, tokenVocabulary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(block, numeric, tokenVocabulary) * 31 + Arrays.hashCode(vocabularies);
    }

    /** The block, e.g. {@code 3 numeric | user: 1000 ids × 16 (oov: error) | … → 55 inputs}. */
    @Override
    public String toString() {
        return block.toString();
    }
}
