package io.dpnet.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The feature stages the baselines put in front of a learner, fitted on the training rows. Unknown
 * categories in the test set go to an extra index / one-hot slot ({@code handleInvalid = "keep"}),
 * as dpnet's unknown-id row does. Text is split by one tokenizer for every model (lowercase,
 * {@code \W+}), and its vocabulary is the words of at least {@link #MIN_DOCUMENT_FREQUENCY}
 * training reviews.
 */
public enum TabularFeatures {
    /** One-hot categoricals + standardized numerics in {@code features} (linear models, an MLP). */
    ONE_HOT,
    /** Category indices + raw numerics in {@code features} (trees: no scaling, one split per category set). */
    INDEXED,
    /**
     * Category ids in {@code COL__index} (StringIndexer metadata carries the vocabulary sizes dpnet
     * reads) + standardized numerics in {@code features}: dpnet's embedding input block.
     */
    EMBEDDING_IDS,
    /** Text: word counts over the vocabulary → TF-IDF in {@code features}. */
    TF_IDF,
    /** Text: the words' vocabulary ids in {@code tokenIds} (−1 outside it, dpnet's padding id): a token bag. */
    TOKEN_IDS;

    static final int MIN_DOCUMENT_FREQUENCY = 2;
    static final String INDEX_SUFFIX = "__index";

    /**
     * The fitted stages and what the learner needs to know about their output.
     *
     * @param model          transforms a raw row into the learner's input columns
     * @param vectorSize     size of {@code features}, 0 when there is none
     * @param categoricalIds the category id columns (EMBEDDING_IDS), else empty
     * @param vocabularySize words in the vocabulary (TOKEN_IDS), else 0
     */
    public record Fitted(PipelineModel model, int vectorSize, String[] categoricalIds, int vocabularySize) {
        /** How the features column is described in the table, e.g. {@code one-hot (124)}. */
        String describe(TabularFeatures kind) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            return switch (kind) {
                case TOKEN_IDS -> name + " (" + vocabularySize + " words)";
                case EMBEDDING_IDS -> name + " (" + categoricalIds.length + " ids + " + vectorSize + " numeric)";
                default -> name + " (" + vectorSize + ")";
            };
        }
    }

    Fitted fit(Dataset<Row> train, String[] categorical, String[] numeric, String textCol) {
        if (this == TF_IDF || this == TOKEN_IDS) {
            return fitText(train, textCol);
        }
        List<PipelineStage> stages = new ArrayList<>();
        String[] indexed = Arrays.stream(categorical).map(c -> c + INDEX_SUFFIX).toArray(String[]::new);
        if (categorical.length > 0) {
            stages.add(new StringIndexer().setInputCols(categorical).setOutputCols(indexed)
                    .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
        }
        List<String> parts = new ArrayList<>();
        if (this == INDEXED) {
            parts.addAll(Arrays.asList(indexed));
            parts.addAll(Arrays.asList(numeric));
        } else {
            if (this == ONE_HOT && categorical.length > 0) {
                String[] oneHot = Arrays.stream(categorical).map(c -> c + "__onehot").toArray(String[]::new);
                stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(oneHot).setHandleInvalid("keep"));
                parts.addAll(Arrays.asList(oneHot));
            }
            if (numeric.length > 0) {
                stages.add(new VectorAssembler().setInputCols(numeric).setOutputCol("numeric__raw"));
                stages.add(new StandardScaler().setInputCol("numeric__raw").setOutputCol("numeric__std")
                        .setWithMean(true).setWithStd(true));
                parts.add("numeric__std");
            }
        }
        stages.add(new VectorAssembler().setInputCols(parts.toArray(String[]::new)).setOutputCol("features"));
        PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(train);
        int size = ((Vector) model.transform(train).select("features").first().get(0)).size();
        return new Fitted(model, size, this == EMBEDDING_IDS ? indexed : new String[0], 0);
    }

    private Fitted fitText(Dataset<Row> train, String textCol) {
        RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(textCol).setOutputCol("words")
                .setPattern("\\W+").setToLowercase(true);
        CountVectorizer counts = new CountVectorizer().setInputCol("words").setOutputCol("counts")
                .setMinDF(MIN_DOCUMENT_FREQUENCY);
        if (this == TF_IDF) {
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {tokenizer, counts,
                    new IDF().setInputCol("counts").setOutputCol("features")}).fit(train);
            int size = ((CountVectorizerModel) model.stages()[1]).vocabulary().length;
            return new Fitted(model, size, new String[0], 0);
        }
        String[] vocabulary = counts.fit(tokenizer.transform(train)).vocabulary();
        // Both stages are transformers: fit only wraps them into a PipelineModel.
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {tokenizer, TextExample.toIds(vocabulary)})
                .fit(train);
        return new Fitted(model, 0, new String[0], vocabulary.length);
    }
}
