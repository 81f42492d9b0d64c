package io.dpnet.examples;

import io.dpnet.ml.DenseNetClassifier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A text classifier from Spark ML: {@code RegexTokenizer} splits the review text into words,
 * {@code CountVectorizer} fits the vocabulary (the {@code vocabSize} most frequent words with
 * {@code minDF}, id = rank), a {@code SQLTransformer} maps each word to its vocabulary id — words
 * outside it become the padding id −1, which the network skips — and {@link DenseNetClassifier}
 * averages the words' embeddings ({@code tokensCol}) into the input of its dense layers.
 *
 * <p>Why this way: {@code CountVectorizer} is Spark's vocabulary builder (frequency order, size
 * cap, minimum document frequency), but its output is a count vector, which loses nothing for a
 * bag but would need a vector-of-counts input; the id array is what an embedding bag reads, and a
 * {@code SQLTransformer} over the fitted vocabulary produces it per row, without the shuffle of
 * {@code explode} + {@code StringIndexer} + {@code groupBy}, and it is saved with the
 * {@code PipelineModel} like any stage. The data are generated ({@link ExampleTables#reviews}).
 *
 * <pre>
 * TextExample [OUT_DIR [TRAIN_ROWS [EPOCHS]]]
 *   defaults: runs/text-example 20000 5
 * </pre>
 */
public final class TextExample {
    static final int TOKENS_DIM = 16;

    /** Test-set figures of one run. */
    public record Result(double auc, double accuracy, int vocabulary, double fitSeconds, PipelineModel model) {
    }

    private TextExample() {
    }

    static RegexTokenizer tokenizer() {
        return new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+").setToLowercase(true);
    }

    /** Words → vocabulary ids (−1 outside it), as a saved-with-the-pipeline SQL stage. */
    static SQLTransformer toIds(String[] vocabulary) {
        // RegexTokenizer(\W+) words are [A-Za-z0-9_]+: safe inside quotes.
        String words = Stream.of(vocabulary).map(w -> "'" + w + "'").collect(Collectors.joining(", "));
        return new SQLTransformer().setStatement("SELECT *, transform(words, w -> coalesce(try_element_at("
                + "map_from_arrays(array(" + words + "), sequence(0, " + (vocabulary.length - 1) + ")), w), -1)) "
                + "AS tokenIds FROM __THIS__");
    }

    public static Result run(SparkSession spark, int trainRows, int epochs) {
        Dataset<Row> train = ExampleTables.reviews(spark, trainRows, 1).cache();
        Dataset<Row> test = ExampleTables.reviews(spark, Math.max(trainRows / 4, 200), 2).cache();
        long t0 = System.nanoTime();
        CountVectorizerModel counts = new CountVectorizer().setInputCol("words").setOutputCol("counts")
                .setVocabSize(10_000).setMinDF(2).fit(tokenizer().transform(train));
        String[] vocabulary = counts.vocabulary();
        DenseNetClassifier net = new DenseNetClassifier()
                .setTokensCol("tokenIds").setTokensVocabSize(vocabulary.length).setTokensDim(TOKENS_DIM)
                .setTokensPooling("mean").setTokensPaddingId(-1)
                .setLayers(TOKENS_DIM, 32, 2).setActivations("relu", "softmax")
                .setOptimizer("adam").setLearningRate(0.01).setBatchSize(64).setEpochs(epochs).setSeed(42);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {tokenizer(), toIds(vocabulary), net})
                .fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> scored = model.transform(test).cache();
        double auc = new BinaryClassificationEvaluator().setMetricName("areaUnderROC").evaluate(scored);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        scored.unpersist();
        return new Result(auc, accuracy, vocabulary.length, seconds, model);
    }

    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "runs/text-example";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SparkSession spark = SparkSession.builder().config(Examples.conf("TextExample")).getOrCreate();
        try {
            System.out.printf("TextExample: %,d generated reviews (RegexTokenizer → CountVectorizer vocabulary → ids →"
                    + " mean of %d-wide embeddings), %d epochs%n", rows, TOKENS_DIM, epochs);
            Result r = run(spark, rows, epochs);
            System.out.printf("TextExample: vocabulary of %d words; fit in %.1fs; test AUC %.4f, accuracy %.2f%%%n",
                    r.vocabulary(), r.fitSeconds(), r.auc(), 100 * r.accuracy());
            r.model().write().overwrite().save(out + "/pipeline");
            System.out.printf("TextExample: saved the PipelineModel to %s/pipeline (PipelineModel.load)%n", out);
        } finally {
            spark.stop();
        }
    }
}
