package io.dpnet.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.TokenBagInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Spark SQL expressions that turn a block's input columns into what the engine reads — integer
 * ids, {@code array<int>} token bags, double weights — and check every value on the way, so a bad
 * value fails the job with the column's name, the value and what was expected (DataFrames have
 * no row numbers to give). Checked here, before the float math:
 * <ul>
 *   <li>null ids, bags or weights;</li>
 *   <li>ids that are not integers (a double column holding 2.5);</li>
 *   <li>ids outside {@code [0, vocabulary)} under {@code handleInvalid=error}; under
 *       {@code keep} they become the unknown id {@code vocabulary} here already, which also keeps
 *       an id too large for an int from overflowing the cast;</li>
 *   <li>weights that are negative, NaN or infinite.</li>
 * </ul>
 * Padding ids in bags are passed through unchanged (the input block skips them).
 */
final class BlockColumns {
    private BlockColumns() {
    }

    /**
     * The training rows in the engine's layout: {@code featuresCol} (if any), one int column per
     * categorical column, the tokens as {@code array<int>}, the label and the weight (if any),
     * all under their original names.
     */
    static Dataset<Row> normalized(Dataset<?> data, BlockInputs in, String labelCol) {
        List<Column> out = new ArrayList<>();
        if (in.featuresCol() != null) {
            out.add(col(in.featuresCol()));
        }
        InputBlockSpec spec = in.spec();
        for (CategoricalInput c : spec.categoricals()) {
            out.add(categoricalIds(c).as(c.name()));
        }
        if (spec.hasBag()) {
            out.add(tokenIds(spec.bag()).as(spec.bag().name()));
        }
        out.add(col(labelCol));
        if (in.weightCol() != null) {
            out.add(weights(in.weightCol()).as(in.weightCol()));
        }
        return data.select(out.toArray(new Column[0]));
    }

    /**
     * One double vector per row holding everything the block reads, for scoring through Spark's
     * single-vector {@code predict}: {@code [numeric (n) | categorical ids (C) | token ids ...]}.
     * Ids are integers far below 2⁵³, so doubles carry them exactly.
     */
    static Column packed(BlockInputs in) {
        InputBlockSpec spec = in.spec();
        List<Column> parts = new ArrayList<>();
        if (spec.numericCount() > 0) {
            String expected = "a vector of " + spec.numericCount() + " numeric features";
            Column values = org.apache.spark.ml.functions.vector_to_array(notNull(in.featuresCol(), expected),
                    "float64");
            // Checked here: a vector of another size would shift the ids packed after it.
            parts.add(when(functions.size(values).notEqual(spec.numericCount()),
                    raise_error(concat(lit("column '" + in.featuresCol() + "' holds a vector of size "),
                            functions.size(values).cast("string"), lit("; expected " + expected))))
                    .otherwise(values));
        }
        if (!spec.categoricals().isEmpty()) {
            Column[] ids = spec.categoricals().stream().map(c -> categoricalIds(c).cast("double"))
                    .toArray(Column[]::new);
            parts.add(array(ids));
        }
        if (spec.hasBag()) {
            parts.add(tokenIds(spec.bag()).cast("array<double>"));
        }
        Column all = parts.size() == 1 ? parts.get(0) : concat(parts.toArray(new Column[0]));
        return org.apache.spark.ml.functions.array_to_vector(all);
    }

    static Column categoricalIds(CategoricalInput c) {
        return ids(col(c.name()), c.name(), c.vocabularySize(), c.oov(), null);
    }

    static Column tokenIds(TokenBagInput bag) {
        String name = bag.name();
        Column bags = notNull(name, "an array of token ids");
        return functions.transform(bags, t -> ids(t, name, bag.vocabularySize(), bag.oov(), bag.paddingId()));
    }

    static Column weights(String name) {
        Column w = col(name).cast("double");
        return when(w.isNull().or(isnan(w)).or(w.lt(0)).or(w.equalTo(Double.POSITIVE_INFINITY)),
                raise_error(concat(lit("column '" + name + "' (weightCol) holds the weight "),
                        coalesce(w.cast("string"), lit("null")), lit("; expected a finite number >= 0"))))
                .otherwise(w);
    }

    /** {@code id} checked and cast to int; {@code padding} (or null) passes unchanged. */
    private static Column ids(Column id, String name, int vocabulary, OovPolicy oov, Integer padding) {
        Column d = id.cast("double");
        String expected = "expected an integer id in [0, " + vocabulary + ")"
                + (padding == null ? "" : " or the padding id " + padding);
        Column outside = d.lt(0).or(d.geq(vocabulary));
        if (padding != null) {
            outside = outside.and(d.notEqual(padding));
        }
        Column checked = when(id.isNull(), fail(name, lit("null"), expected))
                .when(isnan(d).or(d.notEqual(floor(d))), fail(name, id.cast("string"), expected));
        checked = oov == OovPolicy.ERROR ? checked.when(outside, fail(name, id.cast("string"), expected))
                : checked.when(outside, lit(vocabulary));
        return checked.otherwise(d.cast("int"));
    }

    private static Column fail(String name, Column value, String expected) {
        return raise_error(concat(lit("column '" + name + "' holds the id "), value, lit("; " + expected)));
    }

    private static Column notNull(String name, String expected) {
        return when(col(name).isNull(), raise_error(lit("column '" + name + "' is null in a row; expected "
                + expected))).otherwise(col(name));
    }
}
