package io.dpnet.ml;

import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import java.util.List;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a block model through Spark's own {@code PredictionModel.transform} (so prediction,
 * raw prediction, probability and {@code thresholds} behave exactly as for any Spark model),
 * although a row's inputs span several columns: a temporary column packs them into one vector
 * ({@link BlockColumns#packed}), a copy of the model reads that column as its features, and the
 * column is dropped from the result.
 */
final class PackedTransform {
    private static final String PREFIX = "__dpnet_packed_";

    private PackedTransform() {
    }

    /** True inside the copy that reads the packed column (its transform is Spark's own). */
    static boolean isPacked(String featuresCol) {
        return featuresCol.startsWith(PREFIX);
    }

    /** The block's columns as a model reads them: {@code featuresCol} for the numeric part. */
    static BlockInputs inputs(InputBlockSpec spec, String featuresCol) {
        List<String> categorical = spec.categoricals().stream().map(CategoricalInput::name).toList();
        return new BlockInputs(spec, spec.numericCount() > 0 ? featuresCol : null, categorical,
                spec.hasBag() ? spec.bag().name() : null, null);
    }

    static <M extends PredictionModel<Vector, M>> Dataset<Row> transform(M model, BlockInputs inputs,
            Dataset<?> data) {
        checkColumns(inputs, data.schema());
        String packed = PREFIX + model.uid();
        M reader = model.copy(ParamMap.empty()).setFeaturesCol(packed);
        return reader.transform(data.withColumn(packed, BlockColumns.packed(inputs))).drop(packed);
    }

    /**
     * The output schema, after checking that every input column exists with the right type.
     *
     * @throws IllegalArgumentException naming the column and what was expected
     */
    static <M extends PredictionModel<Vector, M>> StructType transformSchema(M model, BlockInputs inputs,
            StructType schema) {
        checkColumns(inputs, schema);
        String packed = PREFIX + model.uid();
        StructType out = model.copy(ParamMap.empty()).setFeaturesCol(packed)
                .transformSchema(schema.add(packed, SQLDataTypes.VectorType()));
        return BlockInputs.without(out, packed);
    }

    static void checkColumns(BlockInputs in, StructType schema) {
        if (in.featuresCol() != null) {
            if (!BlockInputs.has(schema, in.featuresCol())) {
                throw BlockInputs.missing(schema, in.featuresCol(), "featuresCol",
                        "a vector of " + in.spec().numericCount() + " numeric features");
            }
            if (!schema.apply(in.featuresCol()).dataType().equals(SQLDataTypes.VectorType())) {
                throw new IllegalArgumentException("column '" + in.featuresCol() + "' (featuresCol) has type "
                        + schema.apply(in.featuresCol()).dataType().simpleString() + "; expected a vector of "
                        + in.spec().numericCount() + " numeric features");
            }
        }
        for (String c : in.categoricalCols()) {
            BlockInputs.numericField(schema, c, "categoricalCols", "integer category ids (e.g. a StringIndexer output)");
        }
        if (in.tokensCol() != null) {
            BlockInputs.tokenField(schema, in.tokensCol());
        }
        if (in.weightCol() != null) {
            BlockInputs.numericField(schema, in.weightCol(), "weightCol", "numeric sample weights (finite, >= 0)");
        }
    }
}
