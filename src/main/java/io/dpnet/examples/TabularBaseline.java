package io.dpnet.examples;

import io.dpnet.examples.TabularSet.Task;
import io.dpnet.ml.DenseNetClassifier;
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
 * @param learner       makes the learner for a feature vector of the given size
 */
public record TabularBaseline(String name, Task task, boolean forText, TabularFeatures features,
        boolean classWeighted, Learner learner) {

    /** Makes an unfitted learner reading {@code features} (of {@code inputSize}) and {@code label}. */
    @FunctionalInterface
    public interface Learner {
        Estimator<?> create(int inputSize);
    }

    static final long SEED = 42;
    static final double REG_PARAM = 1e-3;
    static final int GBT_TREES = 50;
    static final int GBT_DEPTH = 5;
    /** At least the largest category count + 1 (unknown), so that trees can split on every level. */
    static final int GBT_MAX_BINS = 64;
    /** dpnet on one-hot / TF-IDF input: one hidden layer of this width, Adam, 10 epochs. */
    static final int MLP_HIDDEN = 64;
    static final int MLP_EPOCHS = 10;
    static final int MLP_BATCH = 64;

    public boolean appliesTo(TabularSet set) {
        return set.task() == task && forText == (set.textCol() != null);
    }

    /** Every baseline; a set gets those whose {@link #appliesTo} holds, in this order. */
    public static List<TabularBaseline> all() {
        return List.of(
                new TabularBaseline("MLlib LogisticRegression", Task.BINARY, false, TabularFeatures.ONE_HOT, false,
                        n -> logistic()),
                new TabularBaseline("MLlib LogisticRegression, class-weighted", Task.BINARY, false,
                        TabularFeatures.ONE_HOT, true, n -> logistic().setWeightCol("weight")),
                new TabularBaseline("MLlib GBTClassifier", Task.BINARY, false, TabularFeatures.INDEXED, false,
                        n -> new GBTClassifier().setMaxIter(GBT_TREES).setMaxDepth(GBT_DEPTH)
                                .setMaxBins(GBT_MAX_BINS).setSeed(SEED)),
                new TabularBaseline("dpnet MLP on one-hot", Task.BINARY, false, TabularFeatures.ONE_HOT, false,
                        TabularBaseline::mlp),
                new TabularBaseline("MLlib LinearRegression", Task.REGRESSION, false, TabularFeatures.ONE_HOT, false,
                        n -> new LinearRegression().setMaxIter(200).setRegParam(REG_PARAM)),
                new TabularBaseline("MLlib GBTRegressor", Task.REGRESSION, false, TabularFeatures.INDEXED, false,
                        n -> new GBTRegressor().setMaxIter(GBT_TREES).setMaxDepth(GBT_DEPTH)
                                .setMaxBins(GBT_MAX_BINS).setSeed(SEED)),
                new TabularBaseline("MLlib LogisticRegression", Task.BINARY, true, TabularFeatures.TF_IDF, false,
                        n -> logistic()),
                new TabularBaseline("dpnet MLP on TF-IDF", Task.BINARY, true, TabularFeatures.TF_IDF, false,
                        TabularBaseline::mlp)
                // TODO(#12, embed-ml/embed-cli): "dpnet embeddings" rows — DenseNetClassifier with
                // categoricalCols / tokensCol, DenseNetRegressor for ames — once those land.
        );
    }

    private static LogisticRegression logistic() {
        return new LogisticRegression().setMaxIter(200).setRegParam(REG_PARAM);
    }

    /** The same MLP the embedding rows use after their input block: input → 64 relu → 2 softmax. */
    private static Estimator<?> mlp(int inputSize) {
        return new DenseNetClassifier().setLayers(inputSize, MLP_HIDDEN, 2).setActivations("relu", "softmax")
                .setOptimizer("adam").setLearningRate(1e-3).setBatchSize(MLP_BATCH).setEpochs(MLP_EPOCHS)
                .setSeed(SEED);
    }
}
