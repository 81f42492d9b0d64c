package io.dpnet.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The feature stages the baselines put in front of a learner; each ends in a vector column
 * {@code features}. Unknown categories in the test set go to an extra index / one-hot slot
 * ({@code handleInvalid = "keep"}), as dpnet's unknown-id row does.
 */
public enum TabularFeatures {
    /** One-hot categoricals + standardized numerics (what linear models and an MLP need). */
    ONE_HOT,
    /** Category indices + raw numerics (what trees need: no scaling, one split per category set). */
    INDEXED,
    /** Text: lowercase word tokens → counts over the training vocabulary (min. 2 documents) → TF-IDF. */
    TF_IDF;

    /** Smallest document frequency of a word kept in the vocabulary: drops one-off typos. */
    static final int MIN_DOCUMENT_FREQUENCY = 2;

    PipelineStage[] stages(String[] categorical, String[] numeric, String textCol) {
        List<PipelineStage> stages = new ArrayList<>();
        if (this == TF_IDF) {
            stages.add(new RegexTokenizer().setInputCol(textCol).setOutputCol("tokens")
                    .setPattern("[^\\p{L}\\p{N}']+").setToLowercase(true));
            stages.add(new CountVectorizer().setInputCol("tokens").setOutputCol("counts")
                    .setMinDF(MIN_DOCUMENT_FREQUENCY));
            stages.add(new IDF().setInputCol("counts").setOutputCol("features"));
            return stages.toArray(PipelineStage[]::new);
        }
        String[] indexed = suffixed(categorical, "__index");
        if (categorical.length > 0) {
            stages.add(new StringIndexer().setInputCols(categorical).setOutputCols(indexed)
                    .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
        }
        List<String> parts = new ArrayList<>();
        if (this == INDEXED) {
            parts.addAll(Arrays.asList(indexed));
            parts.addAll(Arrays.asList(numeric));
        } else {
            String[] oneHot = suffixed(categorical, "__onehot");
            if (categorical.length > 0) {
                stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(oneHot).setHandleInvalid("keep"));
            }
            parts.addAll(Arrays.asList(oneHot));
            if (numeric.length > 0) {
                stages.add(new VectorAssembler().setInputCols(numeric).setOutputCol("numeric__raw"));
                stages.add(new StandardScaler().setInputCol("numeric__raw").setOutputCol("numeric__std")
                        .setWithMean(true).setWithStd(true));
                parts.add("numeric__std");
            }
        }
        stages.add(new VectorAssembler().setInputCols(parts.toArray(String[]::new)).setOutputCol("features"));
        return stages.toArray(PipelineStage[]::new);
    }

    private static String[] suffixed(String[] cols, String suffix) {
        return Arrays.stream(cols).map(c -> c + suffix).toArray(String[]::new);
    }
}
