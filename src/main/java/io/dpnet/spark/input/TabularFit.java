package io.dpnet.spark.input;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.stddev_pop;

import io.dpnet.config.TabularConfig;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.TabularColumns;
import io.dpnet.model.NumericColumn;
import io.dpnet.model.TabularInput;
import io.dpnet.model.Vocabulary;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.TokenBagInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Fits a tabular input's description on the training DataFrame: numeric means and standard
 * deviations, string vocabularies, integer-id ranges, the text vocabulary and (for
 * {@code classWeights=balanced}) the class counts. A few aggregation jobs; nothing is collected
 * but the results.
 *
 * <p>A string column's vocabulary is its distinct non-null values by descending frequency, ties
 * by value (a total order, so the ids are the same on every run and partitioning), cut at
 * {@code embedding.maxVocabulary}. That is the order Spark's {@code StringIndexer} uses by
 * default ({@code frequencyDesc}, ties alphabetical); it is computed with a
 * {@code groupBy/count/orderBy/limit} instead because {@code StringIndexer} has no cap and
 * would collect every distinct value of a 10⁶-value column to the driver before one could cut.
 */
public final class TabularFit {
    /** The fitted description, and balanced class weights when asked for (else null). */
    public record Fitted(TabularInput input, float[] classWeights) {
    }

    private TabularFit() {
    }

    public static Fitted fit(Dataset<Row> df, TabularConfig cfg, int classes, String path)
            throws InputFormatException {
        TabularColumns cols = cfg.columns();
        StructType schema = df.schema();
        TabularFrames.requireNumeric(schema, cols.label(), "label, data.labelCol", path);
        if (cols.weighted()) {
            TabularFrames.requireNumeric(schema, cols.weight(), "weight, data.weightCol", path);
        }
        for (String c : cols.numeric()) {
            TabularFrames.requireNumeric(schema, c, "numeric, data.numericCols", path);
        }
        boolean[] strings = new boolean[cols.categorical().size()];
        for (int i = 0; i < strings.length; i++) {
            String c = cols.categorical().get(i);
            DataType t = TabularFrames.column(schema, c, "categorical, data.categoricalCols", path).dataType();
            strings[i] = !(t instanceof NumericType);
            if (strings[i] && !t.equals(DataTypes.StringType) && !t.equals(DataTypes.BooleanType)) {
                throw new InputFormatException(path + ": column '" + c + "' (categorical, data.categoricalCols): "
                        + "expected strings or integer ids but its type is " + t.simpleString());
            }
        }
        boolean text = false;
        if (cols.hasTokens()) {
            DataType t = TabularFrames.column(schema, cols.tokens(), "tokens, data.tokensCol", path).dataType();
            text = t.equals(DataTypes.StringType);
            if (!text && !TabularFrames.isIdArray(t)) {
                throw new InputFormatException(path + ": column '" + cols.tokens() + "' (tokens, data.tokensCol): "
                        + "expected text or an array of integer ids but its type is " + t.simpleString());
            }
        }

        // One job for every column statistic.
        List<Column> aggs = new ArrayList<>();
        for (String c : cols.numeric()) {
            aggs.add(avg(col(c)));
            aggs.add(stddev_pop(col(c)));
        }
        List<Integer> idColumns = new ArrayList<>();
        for (int i = 0; i < strings.length; i++) {
            String c = cols.categorical().get(i);
            if (!strings[i] && !cfg.vocabularySizes().containsKey(c)) {
                idColumns.add(i);
                aggs.add(max(col(c)));
            }
        }
        Row stats = aggs.isEmpty() ? null
                : df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();

        List<NumericColumn> numeric = new ArrayList<>();
        for (int i = 0; i < cols.numeric().size(); i++) {
            String c = cols.numeric().get(i);
            if (stats.isNullAt(2 * i)) {
                throw new InputFormatException(path + ": column '" + c + "' (numeric) has no values");
            }
            double mean = stats.getDouble(2 * i);
            double sd = stats.isNullAt(2 * i + 1) ? 0 : stats.getDouble(2 * i + 1);
            numeric.add(new NumericColumn(c, mean, sd > 0 && Double.isFinite(sd) ? sd : 1));
        }

        List<CategoricalInput> cats = new ArrayList<>();
        List<Vocabulary> vocabularies = new ArrayList<>();
        int next = 2 * cols.numeric().size();
        for (int i = 0; i < strings.length; i++) {
            String c = cols.categorical().get(i);
            int size;
            Vocabulary v = null;
            if (strings[i]) {
                v = vocabulary(df.select(col(c).cast("string").as("v")).where(col("v").isNotNull()), cfg.maxVocabulary(),
                        path, c);
                size = v.size();
            } else if (cfg.vocabularySizes().containsKey(c)) {
                size = cfg.vocabularySizes().get(c);
            } else {
                int at = next++;
                if (stats.isNullAt(at)) {
                    throw new InputFormatException(path + ": column '" + c + "' (categorical) has no values");
                }
                long maxId = ((Number) stats.get(at)).longValue();
                if (maxId < 0 || maxId >= Integer.MAX_VALUE) {
                    throw new InputFormatException(path + ": column '" + c + "' (categorical ids): the largest id is "
                            + maxId + ", expected ids in [0, 2^31-1); set its size with embedding.vocabularySizes");
                }
                size = (int) maxId + 1;
            }
            cats.add(new CategoricalInput(c, size, cfg.dim(c), cfg.oov()));
            vocabularies.add(v);
        }

        TokenBagInput bag = null;
        Vocabulary tokenVocabulary = null;
        if (cols.hasTokens()) {
            if (text) {
                Dataset<Row> tokens = tokenize(df, cols.tokens(), "t")
                        .select(functions.explode(col("t")).as("v"));
                tokenVocabulary = vocabulary(tokens, cfg.tokenVocabulary(), path, cols.tokens());
                // Text: rarer and unseen words are the norm, so they always share the unknown row.
                bag = new TokenBagInput(cols.tokens(), tokenVocabulary.size(), cfg.tokenDim(), cfg.pooling(), -1,
                        OovPolicy.UNKNOWN_ID);
            } else {
                bag = new TokenBagInput(cols.tokens(), cfg.tokenVocabulary(), cfg.tokenDim(), cfg.pooling(),
                        cfg.tokenPadding(), cfg.oov());
            }
        }
        TabularInput input = new TabularInput(new InputBlockSpec(numeric.size(), cats, bag), numeric, vocabularies,
                tokenVocabulary);
        float[] classWeights = null;
        if (cfg.classWeights().mode() == TabularConfig.ClassWeights.Mode.BALANCED) {
            classWeights = TabularConfig.ClassWeights.balanced(classCounts(df, cols.label(), classes, path));
        } else if (cfg.classWeights().mode() == TabularConfig.ClassWeights.Mode.EXPLICIT) {
            classWeights = cfg.classWeights().explicit().clone();
        }
        return new Fitted(input, classWeights);
    }

    /** {@code column} lower-cased and split on {@link TabularInput#TOKEN_PATTERN} into {@code out} (null → no tokens). */
    static Dataset<Row> tokenize(Dataset<Row> df, String column, String out) {
        String in = out + "_text";
        Dataset<Row> withText = df.withColumn(in, functions.coalesce(col(column).cast("string"), functions.lit("")));
        return new RegexTokenizer().setInputCol(in).setOutputCol(out).setPattern(TabularInput.TOKEN_PATTERN)
                .setGaps(true).setToLowercase(true).setMinTokenLength(1).transform(withText).drop(in);
    }

    /** Distinct values of the single column {@code v}, most frequent first, ties by value, at most {@code cap} (0 = all). */
    private static Vocabulary vocabulary(Dataset<Row> values, int cap, String path, String column)
            throws InputFormatException {
        Dataset<Row> ordered = values.groupBy("v").count().orderBy(desc("count"), col("v").asc());
        if (cap > 0) {
            ordered = ordered.limit(cap);
        }
        List<String> list = new ArrayList<>();
        for (Row r : ordered.select("v").collectAsList()) {
            list.add(r.getString(0));
        }
        if (list.isEmpty()) {
            throw new InputFormatException(path + ": column '" + column + "' has no values to build a vocabulary from");
        }
        return Vocabulary.of(list);
    }

    private static long[] classCounts(Dataset<Row> df, String label, int classes, String path)
            throws InputFormatException {
        long[] counts = new long[classes];
        for (Row r : df.groupBy(col(label).cast("double").as("y")).count().collectAsList()) {
            if (r.isNullAt(0)) {
                continue;  // reported with its row when the shards are built
            }
            double y = r.getDouble(0);
            if (y != Math.rint(y) || y < 0 || y >= classes) {
                throw new InputFormatException(path + ": column '" + label + "' (label): " + y + " is not a class "
                        + "index in [0, " + classes + ")");
            }
            counts[(int) y] += r.getLong(1);
        }
        return counts;
    }
}
