package io.dpnet.ml;

import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.TokenBagInput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which DataFrame columns feed an input block, and the {@link InputBlockSpec} they imply: the
 * numeric {@code featuresCol} vector (optional), one table per categorical column, the token
 * bag. Resolved once on the driver from the schema (and, for the token vocabulary, at most one
 * aggregation), before any training work starts.
 *
 * <p>Vocabulary sizes of categorical columns come from their ML attribute metadata when there is
 * some ({@code StringIndexer} writes a {@link NominalAttribute} with its labels) and from
 * {@code categoricalSizes} otherwise. A {@code StringIndexer} with {@code handleInvalid="keep"}
 * lists one extra label, {@code __unknown}, at index {@code numLabels}: that becomes the table's
 * reserved unknown row ({@link OovPolicy#UNKNOWN_ID}), which sits at exactly that index, so
 * the indexer's ids are used unchanged.
 *
 * @param featuresCol the numeric vector column, or null when the block has no numeric part
 * @param weightCol the sample-weight column, or null for weight 1
 */
record BlockInputs(InputBlockSpec spec, String featuresCol, List<String> categoricalCols, String tokensCol,
        String weightCol) implements Serializable {

    /** The label StringIndexer(handleInvalid="keep") appends for unseen values. */
    static final String STRING_INDEXER_UNKNOWN = "__unknown";

    /** What the estimator's params say about the columns; {@code featuresSet}: featuresCol was set explicitly. */
    record Request(Dataset<?> data, InputColumnParams<?> params, String featuresCol, boolean featuresSet) {
    }

    /**
     * Resolves the block for a training DataFrame.
     *
     * @throws IllegalArgumentException naming the column and what was expected, for a missing
     *     column, a column of the wrong type, or a categorical column without a known size
     */
    static BlockInputs resolve(Request r) {
        InputColumnParams<?> p = r.params();
        StructType schema = r.data().schema();
        String features = null;
        int numeric = 0;
        if (has(schema, r.featuresCol())) {
            features = r.featuresCol();
            numeric = FeatureSize.of(r.data(), features);
            if (numeric < 0) {
                throw new IllegalArgumentException("no rows");
            }
        } else if (r.featuresSet()) {
            throw missing(schema, r.featuresCol(), "featuresCol", "a vector of numeric features");
        }
        InvalidIds invalid = InvalidIds.of(p.getHandleInvalid());
        String[] cols = p.getCategoricalCols();
        int[] sizes = p.getCategoricalSizes();
        int[] dims = p.getEmbeddingDims();
        if (sizes.length != 0 && sizes.length != cols.length) {
            throw new IllegalArgumentException("categoricalSizes has " + sizes.length + " entries but categoricalCols "
                    + "has " + cols.length + " columns " + Arrays.toString(cols) + "; give one size per column (0 = "
                    + "from the column's metadata) or none");
        }
        if (dims.length != 0 && dims.length != cols.length) {
            throw new IllegalArgumentException("embeddingDims has " + dims.length + " entries but categoricalCols has "
                    + cols.length + " columns " + Arrays.toString(cols) + "; give one width per column or none");
        }
        List<CategoricalInput> categoricals = new ArrayList<>();
        for (int c = 0; c < cols.length; c++) {
            StructField field = numericField(schema, cols[c], "categoricalCols",
                    "integer category ids (e.g. a StringIndexer output)");
            int dim = dims.length == 0 ? p.getEmbeddingDim() : dims[c];
            categoricals.add(categorical(field, sizes.length == 0 ? 0 : sizes[c], dim, invalid));
        }
        TokenBagInput bag = null;
        String tokens = p.getTokensCol().isEmpty() ? null : p.getTokensCol();
        if (tokens != null) {
            tokenField(schema, tokens);
            int vocabulary = p.getTokensVocabSize() > 0 ? p.getTokensVocabSize()
                    : largestId(r.data(), tokens, p.getTokensPaddingId()) + 1;
            int dim = p.getTokensDim() > 0 ? p.getTokensDim() : p.getEmbeddingDim();
            Pooling pooling = Pooling.valueOf(p.getTokensPooling().toUpperCase(Locale.ROOT));
            bag = new TokenBagInput(tokens, vocabulary, dim, pooling, p.getTokensPaddingId(), invalid.policy);
        }
        String weight = p.getWeightCol().isEmpty() ? null : p.getWeightCol();
        if (weight != null) {
            numericField(schema, weight, "weightCol", "numeric sample weights (finite, >= 0)");
        }
        InputBlockSpec spec = new InputBlockSpec(numeric, categoricals, bag);
        return new BlockInputs(spec, features, List.of(cols), tokens, weight);
    }

    /**
     * Checks, from the schema alone (no Spark job), that every column the params name exists
     * with a usable type: what an estimator's {@code transformSchema} must do before a Pipeline
     * fits anything.
     */
    static void checkSchema(StructType schema, InputColumnParams<?> p, String featuresCol, boolean featuresSet) {
        if (featuresSet && !has(schema, featuresCol)) {
            throw missing(schema, featuresCol, "featuresCol", "a vector of numeric features");
        }
        for (String c : p.getCategoricalCols()) {
            numericField(schema, c, "categoricalCols", "integer category ids (e.g. a StringIndexer output)");
        }
        if (!p.getTokensCol().isEmpty()) {
            tokenField(schema, p.getTokensCol());
        }
        if (!p.getWeightCol().isEmpty()) {
            numericField(schema, p.getWeightCol(), "weightCol", "numeric sample weights (finite, >= 0)");
        }
    }

    /** The error policy the user chose for ids outside a configured vocabulary. */
    private enum InvalidIds {
        ERROR(OovPolicy.ERROR), KEEP(OovPolicy.UNKNOWN_ID);

        final OovPolicy policy;

        InvalidIds(OovPolicy policy) {
            this.policy = policy;
        }

        static InvalidIds of(String handleInvalid) {
            return InputColumnParamSet.INVALID_KEEP.equals(handleInvalid) ? KEEP : ERROR;
        }
    }

    private static CategoricalInput categorical(StructField field, int configured, int dim, InvalidIds invalid) {
        String name = field.name();
        Attribute attribute = Attribute.fromStructField(field);
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            int values = (Integer) nominal.getNumValues().get();
            String[] labels = nominal.values().isDefined() ? nominal.values().get() : new String[0];
            boolean keep = labels.length == values && values > 1
                    && STRING_INDEXER_UNKNOWN.equals(labels[values - 1]);
            // StringIndexer(handleInvalid="keep"): its __unknown index is the table's unknown row.
            return keep ? new CategoricalInput(name, values - 1, dim, OovPolicy.UNKNOWN_ID)
                    : new CategoricalInput(name, values, dim, invalid.policy);
        }
        if (attribute instanceof BinaryAttribute) {
            return new CategoricalInput(name, 2, dim, invalid.policy);
        }
        if (configured <= 0) {
            throw new IllegalArgumentException("column '" + name + "' (categoricalCols) has no ML attribute metadata "
                    + "giving its number of categories (StringIndexer writes it), so categoricalSizes needs a size "
                    + "> 0 for it");
        }
        return new CategoricalInput(name, configured, dim, invalid.policy);
    }

    /** The largest non-padding token id in the column (-1 when there is none). */
    private static int largestId(Dataset<?> data, String column, int paddingId) {
        Row row = data.agg(functions.max(functions.array_max(functions.filter(functions.col(column),
                x -> x.notEqual(functions.lit(paddingId)))))).first();
        if (row.isNullAt(0)) {
            return -1;
        }
        double max = ((Number) row.get(0)).doubleValue();
        if (max >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("column '" + column + "' (tokensCol) holds the id " + max
                    + "; expected ids < " + Integer.MAX_VALUE);
        }
        return (int) max;
    }

    /** {@code schema} without the field {@code column}. */
    static StructType without(StructType schema, String column) {
        return new StructType(Arrays.stream(schema.fields()).filter(f -> !f.name().equals(column))
                .toArray(StructField[]::new));
    }

    static boolean has(StructType schema, String column) {
        return Arrays.asList(schema.fieldNames()).contains(column);
    }

    static IllegalArgumentException missing(StructType schema, String column, String param, String expected) {
        return new IllegalArgumentException("column '" + column + "' (" + param + ") is not in the DataFrame; expected "
                + expected + ". Its columns are " + Arrays.toString(schema.fieldNames()));
    }

    static StructField numericField(StructType schema, String column, String param, String expected) {
        if (!has(schema, column)) {
            throw missing(schema, column, param, expected);
        }
        StructField field = schema.apply(column);
        if (!(field.dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + column + "' (" + param + ") has type "
                    + field.dataType().simpleString() + "; expected " + expected);
        }
        return field;
    }

    static void tokenField(StructType schema, String column) {
        String expected = "an array of integer token ids (array<int>, or array<double> holding integers)";
        if (!has(schema, column)) {
            throw missing(schema, column, "tokensCol", expected);
        }
        DataType type = schema.apply(column).dataType();
        if (!(type instanceof ArrayType a) || !(a.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + column + "' (tokensCol) has type " + type.simpleString()
                    + "; expected " + expected);
        }
    }
}
