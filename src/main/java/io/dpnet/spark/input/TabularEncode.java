package io.dpnet.spark.input;

import static org.apache.spark.sql.functions.col;

import io.dpnet.data.InputFormatException;
import io.dpnet.model.NumericColumn;
import io.dpnet.model.TabularInput;
import io.dpnet.model.Vocabulary;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.Tuple2;

/**
 * Turns a raw tabular DataFrame into the numbers a block network reads, with a fitted
 * {@link TabularInput} (training, evaluation and prediction use the same one, so new data maps
 * exactly as the training data did): numeric columns standardized, string categorical values to
 * their vocabulary ids, text to token ids. The result keeps the column names and the row order,
 * and is what {@link TabularShards} reads. Lazy: the work happens in the job that reads it.
 *
 * <p>An unseen string value of a column whose policy is {@link OovPolicy#ERROR} is looked for
 * first (one filtered pass over that column), and reported with its row and value; under
 * {@link OovPolicy#UNKNOWN_ID} it becomes the unknown id {@code vocabularySize}. Integer ids
 * outside their range, nulls and bad labels are reported by {@link TabularShards}, with the row.
 */
public final class TabularEncode {
    private TabularEncode() {
    }

    /**
     * @param label the label column, or null (prediction: no label needed)
     * @param weight the weight column, or null
     */
    public static Dataset<Row> encode(Dataset<Row> df, TabularInput in, String label, String weight, String path)
            throws InputFormatException {
        InputBlockSpec block = in.block();
        List<Column> out = new ArrayList<>();
        if (label != null) {
            TabularFrames.requireNumeric(df.schema(), label, "label", path);
            out.add(col(label).cast("double").as(label));
        }
        for (NumericColumn n : in.numeric()) {
            TabularFrames.requireNumeric(df.schema(), n.name(), "numeric", path);
            out.add(col(n.name()).cast("double").minus(n.mean()).divide(n.scale()).as(n.name()));
        }
        for (int c = 0; c < block.categoricals().size(); c++) {
            CategoricalInput ci = block.categoricals().get(c);
            DataType t = TabularFrames.column(df.schema(), ci.name(), "categorical", path).dataType();
            Vocabulary v = in.vocabulary(c);
            if (v == null) {
                if (!(t instanceof NumericType)) {
                    throw new InputFormatException(path + ": column '" + ci.name() + "' (categorical): expected "
                            + "integer ids, as in training, but its type is " + t.simpleString());
                }
                out.add(col(ci.name()));
            } else {
                if (ci.oov() == OovPolicy.ERROR) {
                    checkKnown(df, ci.name(), v, path);
                }
                out.add(lookup(v, ci.oov()).apply(col(ci.name()).cast("string")).as(ci.name()));
            }
        }
        if (block.hasBag()) {
            String name = block.bag().name();
            DataType t = TabularFrames.column(df.schema(), name, "tokens", path).dataType();
            if (in.tokenVocabulary() != null) {
                if (!t.equals(DataTypes.StringType)) {
                    throw new InputFormatException(path + ": column '" + name + "' (tokens): expected text, as in "
                            + "training, but its type is " + t.simpleString());
                }
                df = TabularFit.tokenize(df, name, name + "__tokens");
                out.add(tokenIds(in.tokenVocabulary()).apply(col(name + "__tokens")).as(name));
            } else {
                if (!TabularFrames.isIdArray(t)) {
                    throw new InputFormatException(path + ": column '" + name + "' (tokens): expected an array of "
                            + "integer ids, as in training, but its type is " + t.simpleString());
                }
                out.add(col(name));
            }
        }
        if (weight != null) {
            TabularFrames.requireNumeric(df.schema(), weight, "weight", path);
            out.add(col(weight).cast("double").as(weight));
        }
        return df.select(out.toArray(new Column[0]));
    }

    /** Value → id; unseen → the unknown id {@code size} (UNKNOWN_ID) or -1 (ERROR: checked beforehand); null alike. */
    private static UserDefinedFunction lookup(Vocabulary v, OovPolicy oov) {
        int unseen = oov == OovPolicy.UNKNOWN_ID ? v.size() : -1;
        return functions.udf((UDF1<String, Integer>) s -> {
            if (s == null) {
                return oov == OovPolicy.UNKNOWN_ID ? unseen : null;
            }
            int id = v.id(s);
            return id >= 0 ? id : unseen;
        }, DataTypes.IntegerType);
    }

    /** Tokens → ids; a token outside the vocabulary → the unknown id {@code size}. */
    private static UserDefinedFunction tokenIds(Vocabulary v) {
        int unknown = v.size();
        return functions.udf((UDF1<scala.collection.Seq<String>, int[]>) tokens -> {
            int[] ids = new int[tokens.size()];
            scala.collection.Iterator<String> it = tokens.iterator();
            for (int i = 0; it.hasNext(); i++) {
                int id = v.id(it.next());
                ids[i] = id >= 0 ? id : unknown;
            }
            return ids;
        }, DataTypes.createArrayType(DataTypes.IntegerType, false));
    }

    /**
     * Fails on the first non-null value of {@code column} outside {@code v}: {@code path: row 7,
     * column 'city': value 'Lyon' is not in the model's vocabulary of 3 values (trained with
     * embedding.oov=error)}. Rows count from 0 in the input's order.
     */
    private static void checkKnown(Dataset<Row> df, String column, Vocabulary v, String path)
            throws InputFormatException {
        UserDefinedFunction unseen = functions.udf((UDF1<String, Boolean>) s -> s != null && v.id(s) < 0,
                DataTypes.BooleanType);
        Column values = col(column).cast("string");
        if (df.select(values.as("v")).where(unseen.apply(col("v"))).limit(1).isEmpty()) {
            return;
        }
        // Only on failure: a second pass that numbers the rows, to say which one.
        Tuple2<Row, Long> first = df.select(values).javaRDD().zipWithIndex()
                .filter((Function<Tuple2<Row, Long>, Boolean>) t -> !t._1.isNullAt(0) && v.id(t._1.getString(0)) < 0)
                .first();
        throw new InputFormatException(path + ": row " + first._2 + ", column '" + column + "': value '"
                + first._1.getString(0) + "' is not in the model's vocabulary of " + v.size()
                + " values (trained with embedding.oov=error; embedding.oov=unknown maps unseen values to a "
                + "trained unknown row)");
    }
}
