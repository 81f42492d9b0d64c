package io.dpnet.config;

import io.dpnet.data.TabularColumns;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import java.io.Serializable;
import java.util.Map;

/**
 * The tabular section of a config (issue #12): which columns of a CSV (with a header) or Parquet
 * input feed an input block, the task and its loss, and how embeddings are sized. Present when
 * any of {@code data.numericCols}, {@code data.categoricalCols} or {@code data.tokensCol} is set;
 * parsed once by {@link TrainConfig}.
 *
 * @param columns the columns by role (label from {@code data.labelCol})
 * @param regression {@code task=regression}
 * @param regressionLoss mse or huber(δ) for regression, null for classification
 * @param classWeights how classes are weighted (classification)
 * @param autoInputWidth {@code layers} starts with {@code auto}: the block's width
 * @param defaultDim {@code embedding.dim}
 * @param dims per-column overrides of {@code embedding.dim}
 * @param maxVocabulary cap on a string column's vocabulary (0 = none)
 * @param vocabularySizes integer-id columns' configured sizes (others: max id + 1 on the training data)
 * @param oov what an unseen categorical value (or integer token id) does
 * @param tokenVocabulary text: the most frequent tokens kept; ids column: the id range
 * @param tokenDim the token embedding dimension
 * @param pooling mean or sum
 * @param tokenPadding the padding id of an ids column (skipped)
 */
public record TabularConfig(TabularColumns columns, boolean regression, RegressionLoss regressionLoss,
                            ClassWeights classWeights, boolean autoInputWidth, int defaultDim, Map<String, Integer> dims,
                            int maxVocabulary, Map<String, Integer> vocabularySizes, OovPolicy oov,
                            int tokenVocabulary, int tokenDim, Pooling pooling, int tokenPadding)
        implements Serializable {
    public TabularConfig {
        dims = Map.copyOf(dims);
        vocabularySizes = Map.copyOf(vocabularySizes);
    }

    /** The embedding dimension of categorical column {@code column}. */
    public int dim(String column) {
        return dims.getOrDefault(column, defaultDim);
    }

    /**
     * {@code classWeights}: none (all 1), balanced ({@code n / (classes · count(y))}, computed on
     * the training set) or explicit, one per class.
     */
    public record ClassWeights(Mode mode, float[] explicit) implements Serializable {
        public enum Mode { NONE, BALANCED, EXPLICIT }

        public static final ClassWeights NONE = new ClassWeights(Mode.NONE, null);

        /** Balanced weights from per-class row counts; a class without rows gets weight 0 (it never occurs). */
        public static float[] balanced(long[] counts) {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            float[] w = new float[counts.length];
            for (int k = 0; k < w.length; k++) {
                w[k] = counts[k] == 0 ? 0f : (float) ((double) n / ((double) counts.length * counts[k]));
            }
            return w;
        }
    }
}
