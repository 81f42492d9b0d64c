package io.dpnet.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The input-block params of a dpnet estimator (see {@link InputColumnParams}): which columns are
 * categorical ids, which holds token ids, their sizes and embedding widths, sample and class
 * weights. Unlike {@link DenseNetParams} these are no {@code TrainConfig} keys: they describe
 * DataFrame columns. Public only as the opaque handle {@link InputColumnParams#inputColumnParams}
 * returns.
 */
public final class InputColumnParamSet implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String POOLING_MEAN = "mean";
    static final String POOLING_SUM = "sum";
    static final String INVALID_ERROR = "error";
    static final String INVALID_KEEP = "keep";

    final StringArrayParam categoricalCols;
    final IntArrayParam categoricalSizes;
    final IntParam embeddingDim;
    final IntArrayParam embeddingDims;
    final Param<String> tokensCol;
    final IntParam tokensVocabSize;
    final IntParam tokensDim;
    final Param<String> tokensPooling;
    final IntParam tokensPaddingId;
    final Param<String> handleInvalid;
    final Param<String> weightCol;
    final DoubleArrayParam classWeights;

    InputColumnParamSet(Params owner) {
        String uid = owner.uid();
        categoricalCols = new StringArrayParam(owner, "categoricalCols", "columns of integer category ids "
                + "(e.g. StringIndexer outputs), each looked up in its own embedding table");
        categoricalSizes = new IntArrayParam(owner, "categoricalSizes", "vocabulary size of each categorical "
                + "column, in the order of categoricalCols; used only for a column without ML attribute metadata "
                + "(StringIndexer writes it); 0 = take it from the metadata");
        embeddingDim = new IntParam(uid, "embeddingDim", "embedding width of every categorical column without "
                + "an entry in embeddingDims, and of the tokens column unless tokensDim is set (> 0)", ParamValidators.gt(0));
        embeddingDims = new IntArrayParam(owner, "embeddingDims", "per-column embedding widths, in the order of "
                + "categoricalCols; empty = embeddingDim for all");
        tokensCol = new Param<>(uid, "tokensCol", "column of token ids (array<int>, or array<double> holding "
                + "integers), pooled into one embedding per row; empty = none");
        tokensVocabSize = new IntParam(uid, "tokensVocabSize", "token vocabulary size; 0 = the largest "
                + "non-padding id in the training data + 1", ParamValidators.gtEq(0));
        tokensDim = new IntParam(uid, "tokensDim", "embedding width of the tokens column; 0 = embeddingDim",
                ParamValidators.gtEq(0));
        tokensPooling = new Param<>(uid, "tokensPooling", "how a row's token embeddings are pooled: mean or sum",
                ParamValidators.inArray(new String[] {POOLING_MEAN, POOLING_SUM}));
        tokensPaddingId = new IntParam(uid, "tokensPaddingId", "token id that is skipped (padding); it neither "
                + "counts for mean pooling nor needs to lie in the vocabulary");
        handleInvalid = new Param<>(uid, "handleInvalid", "an id outside its column's vocabulary: error (fail, "
                + "naming the column) or keep (map it to one extra, trained 'unknown' row of the table)",
                ParamValidators.inArray(new String[] {INVALID_ERROR, INVALID_KEEP}));
        weightCol = new Param<>(uid, "weightCol", "column of sample weights (finite, >= 0); empty = every "
                + "row weighs 1");
        classWeights = new DoubleArrayParam(owner, "classWeights", "classifier only: one weight per class, "
                + "multiplying the loss of that class's rows (for imbalanced labels); empty = all 1");
    }

    void setDefaults(Params owner) {
        owner.setDefault(categoricalCols, new String[0]);
        owner.setDefault(categoricalSizes, new int[0]);
        owner.setDefault(embeddingDim, 8);
        owner.setDefault(embeddingDims, new int[0]);
        owner.setDefault(tokensCol, "");
        owner.setDefault(tokensVocabSize, 0);
        owner.setDefault(tokensDim, 0);
        owner.setDefault(tokensPooling, POOLING_MEAN);
        owner.setDefault(tokensPaddingId, -1);
        owner.setDefault(handleInvalid, INVALID_ERROR);
        owner.setDefault(weightCol, "");
        owner.setDefault(classWeights, new double[0]);
    }
}
