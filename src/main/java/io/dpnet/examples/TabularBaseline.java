package io.dpnet.examples;

import io.dpnet.examples.TabularSet.Task;
import io.dpnet.ml.DenseNetClassifier;
import io.dpnet.ml.DenseNetRegressor;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;

/**
 * One row of the results table: a learner behind feature stages, for the sets it applies to.
 * Hyper-parameters are fixed, common defaults, not tuned per set (docs/datasets.md says which).
 *
 * @param name          the model column of the table
 * @param task          the sets it applies to
 * @param forText       true: text sets only (TF-IDF features); false: tabular sets only
 * @param features      the feature stages in front of the learner
 * @param classWeighted train with a {@code weight} column of balanced class weights n / (2 n_class)
 * @param learner       makes the learner for the fitted feature stages' output
 */
public record TabularBaseline(String name, Task task, boolean forText, TabularFeatures features,
        boolean classWeighted, Learner learner) {

    /** Makes an unfitted learner reading the columns {@code features} describes, and {@code label}. */
    @FunctionalInterface
    public interface Learner {
        Estimator<?> create(TabularFeatures.Fitted features);
    }

    static final long SEED = 42;
    static final double REG_PARAM = 1e-3;
    static final int GBT_TREES = 50;
    static final int GBT_DEPTH = 5;
    /** At least the largest category count + 1 (unknown), so that trees can split on every level. */
    static final int GBT_MAX_BINS = 64;
    /**
     * Every dpnet row: one hidden layer of this width, batch 64; classifiers Adam 1e-3 for 10
     * epochs, regressors Adam 1e-2 for 30 (as conf/ames.properties: the target is not standardized,
     * so the output bias must travel to the target's mean, ≈ 5.2 for ames).
     */
    static final int MLP_HIDDEN = 64;
    static final int MLP_EPOCHS = 10;
    static final int REGRESSION_EPOCHS = 30;
    static final int MLP_BATCH = 64;
    /** Width of each categorical column's embedding (the tabular columns have 2–50 levels). */
    static final int EMBEDDING_DIM = 4;
    /** Width of the word embeddings averaged over a review. */
    static final int TOKENS_DIM = 32;

    public boolean appliesTo(TabularSet set) {
        return set.task() == task && forText == (set.textCol() != null);
    }

    /** Every baseline; a set gets those whose {@link #appliesTo} holds, in this order. */
    public static List<TabularBaseline> all() {
        return List.of(
                new TabularBaseline("MLlib LogisticRegression", Task.BINARY, false, TabularFeatures.ONE_HOT, false,
                        f -> logistic()),
                new TabularBaseline("MLlib LogisticRegression, class-weighted", Task.BINARY, false,
                        TabularFeatures.ONE_HOT, true, f -> logistic().setWeightCol("weight")),
                new TabularBaseline("MLlib GBTClassifier", Task.BINARY, false, TabularFeatures.INDEXED, false,
                        f -> new GBTClassifier().setMaxIter(GBT_TREES).setMaxDepth(GBT_DEPTH)
                                .setMaxBins(GBT_MAX_BINS).setSeed(SEED)),
                new TabularBaseline("dpnet MLP on one-hot", Task.BINARY, false, TabularFeatures.ONE_HOT, false,
                        f -> train(new DenseNetClassifier(), f.vectorSize(), 2)),
                new TabularBaseline("dpnet embeddings", Task.BINARY, false, TabularFeatures.EMBEDDING_IDS, false,
                        f -> embeddings(new DenseNetClassifier(), f, 2)),
                new TabularBaseline("dpnet embeddings, class-weighted", Task.BINARY, false,
                        TabularFeatures.EMBEDDING_IDS, true,
                        f -> embeddings(new DenseNetClassifier(), f, 2).setWeightCol("weight")),
                new TabularBaseline("MLlib LinearRegression", Task.REGRESSION, false, TabularFeatures.ONE_HOT, false,
                        f -> new LinearRegression().setMaxIter(200).setRegParam(REG_PARAM)),
                new TabularBaseline("MLlib GBTRegressor", Task.REGRESSION, false, TabularFeatures.INDEXED, false,
                        f -> new GBTRegressor().setMaxIter(GBT_TREES).setMaxDepth(GBT_DEPTH)
                                .setMaxBins(GBT_MAX_BINS).setSeed(SEED)),
                new TabularBaseline("dpnet MLP on one-hot", Task.REGRESSION, false, TabularFeatures.ONE_HOT, false,
                        f -> train(new DenseNetRegressor(), f.vectorSize(), 1)),
                new TabularBaseline("dpnet embeddings", Task.REGRESSION, false, TabularFeatures.EMBEDDING_IDS, false,
                        f -> embeddings(new DenseNetRegressor(), f, 1)),
                new TabularBaseline("MLlib LogisticRegression", Task.BINARY, true, TabularFeatures.TF_IDF, false,
                        f -> logistic()),
                new TabularBaseline("dpnet MLP on TF-IDF", Task.BINARY, true, TabularFeatures.TF_IDF, false,
                        f -> train(new DenseNetClassifier(), f.vectorSize(), 2)),
                new TabularBaseline("dpnet token-bag embeddings", Task.BINARY, true, TabularFeatures.TOKEN_IDS, false,
                        f -> train(new DenseNetClassifier(), TOKENS_DIM, 2).setTokensCol("tokenIds")
                                .setTokensVocabSize(f.vocabularySize()).setTokensDim(TOKENS_DIM)
                                .setTokensPooling("mean").setTokensPaddingId(-1)));
    }

    private static LogisticRegression logistic() {
        return new LogisticRegression().setMaxIter(200).setRegParam(REG_PARAM);
    }

    /**
     * The one recipe of every dpnet row: input → 64 relu → outputs (softmax for classes, linear for
     * regression, MSE), batch 64, seed 42; Adam 1e-3 for 10 epochs (classes) or 1e-2 for 30 (regression).
     */
    private static <S extends org.apache.spark.ml.Estimator<?> & io.dpnet.ml.DenseNetTrainingParams<S>> S train(
            S net, int inputSize, int outputs) {
        return net.setLayers(inputSize, MLP_HIDDEN, outputs)
                .setActivations("relu", outputs == 1 ? "linear" : "softmax")
                .setOptimizer("adam").setLearningRate(outputs == 1 ? 1e-2 : 1e-3).setBatchSize(MLP_BATCH)
                .setEpochs(outputs == 1 ? REGRESSION_EPOCHS : MLP_EPOCHS)
                .setSeed(SEED);
    }

    /** The same recipe behind an input block: standardized numerics + one embedding per categorical column. */
    private static <S extends org.apache.spark.ml.Estimator<?> & io.dpnet.ml.DenseNetTrainingParams<S>
            & io.dpnet.ml.InputColumnParams<S>> S embeddings(S net, TabularFeatures.Fitted f, int outputs) {
        int width = f.vectorSize() + f.categoricalIds().length * EMBEDDING_DIM;
        return train(net, width, outputs).setCategoricalCols(f.categoricalIds()).setEmbeddingDim(EMBEDDING_DIM);
    }
}
