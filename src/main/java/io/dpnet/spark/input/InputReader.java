package io.dpnet.spark.input;

import io.dpnet.data.Suggest;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.InputSpec;
import io.dpnet.data.LibSvmLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads LIBSVM, CSV and Parquet inputs into one shape of DataFrame: {@code features} (an ML
 * Vector, sparse where the source is), {@code label} (double; absent when an unlabelled input is
 * allowed and has none) and {@code id} (when the input names one).
 *
 * <p>Readers are lazy like any DataFrame, so a malformed row surfaces in whichever job first reads
 * the data; run that job through {@link #located} to turn Spark's unlocated parse errors into an
 * {@link InputFormatException} naming the file and line.
 */
public final class InputReader {
    public static final String FEATURES = "features";
    public static final String LABEL = "label";
    public static final String ID = "id";

    /** A job over a DataFrame from {@link #read}. */
    @FunctionalInterface
    public interface Job<T> {
        T run() throws Exception;
    }

    private InputReader() {
    }

    /** The SparkSession on dpnet's context (created once, then shared). */
    public static SparkSession session(JavaSparkContext sc) {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    /**
     * @param classes labels must be integer classes in {@code [0, classes)} (checked while parsing
     *     text; DataFrame labels are checked when sharded)
     * @param labelRequired false for predict: then a CSV or Parquet input without a label column is fine
     */
    public static Dataset<Row> read(SparkSession spark, InputSpec spec, int classes, boolean labelRequired)
            throws IOException {
        return switch (spec.format()) {
            case LIBSVM -> libsvm(spark, spec);
            case CSV -> CsvInput.read(spark, spec, classes, labelRequired);
            case PARQUET -> dataFrame(spark.read().parquet(spec.path()), spec, labelRequired);
            case IDX -> throw new IllegalArgumentException("IDX inputs are read by IdxDataset, not as a DataFrame");
        };
    }

    /**
     * Runs {@code job} (e.g. sharding or scoring {@code spec}'s DataFrame); if it fails on a LIBSVM
     * input, rescans the text with dpnet's own parser and throws its located error instead (Spark's
     * libsvm source says what was wrong but not where); on a Parquet input with a bad row, names the
     * row's file and its index there ({@link ParquetRows}).
     */
    public static <T> T located(JavaSparkContext sc, InputSpec spec, int classes, Job<T> job) throws Exception {
        try {
            return job.run();
        } catch (Exception e) {
            InputFormatException located = find(e);
            if (spec.format() == DataFormat.LIBSVM) {
                int features = spec.features();
                try {
                    TextLines.validate(sc, spec.path(),
                            (line, start) -> LibSvmLine.skipped(line) ? null : LibSvmLine.parse(line, features, classes));
                } catch (Exception rescan) {  // SparkException is checked, but Scala throws it undeclared
                    InputFormatException found = find(rescan);
                    if (found == null) {
                        e.addSuppressed(rescan);
                    } else {
                        located = found;
                    }
                }
            }
            if (spec.format() == DataFormat.PARQUET && located != null) {
                // Sharding names a bad row by its global position; name its file and row instead.
                try {
                    InputFormatException found = ParquetRows.firstBad(session(sc), spec, classes);
                    located = found == null ? located : found;
                } catch (RuntimeException rescan) {
                    e.addSuppressed(rescan);
                }
            }
            // The executor's own message, without Spark's "Job aborted due to stage failure" wrapping.
            throw located == null ? e : new InputFormatException(located.getMessage(), e);
        }
    }

    private static InputFormatException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InputFormatException ife) {
                return ife;
            }
        }
        return null;
    }

    private static Dataset<Row> libsvm(SparkSession spark, InputSpec spec) {
        // numFeatures given: Spark would otherwise scan all the data once more to infer it.
        return spark.read().format("libsvm").option("numFeatures", spec.features()).load(spec.path())
                .select(functions.col("label"), functions.col("features"));
    }

    /** A Parquet (or any) DataFrame's columns renamed and typed to dpnet's shape; checks the schema. */
    static Dataset<Row> dataFrame(Dataset<Row> df, InputSpec spec, boolean labelRequired)
            throws InputFormatException {
        StructType schema = df.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        List<Column> cols = new ArrayList<>();
        if (!spec.idCol().isEmpty()) {
            require(names, spec.idCol(), "id", spec.path());
            cols.add(functions.col(spec.idCol()).as(ID));
        } else if (!labelRequired && names.contains(ID)) {
            cols.add(functions.col(ID));  // predict keeps an input's own ids
        }
        boolean hasLabel = names.contains(spec.labelCol());
        if (labelRequired || hasLabel) {
            require(names, spec.labelCol(), "label", spec.path());
            DataType type = schema.apply(spec.labelCol()).dataType();
            if (!(type instanceof NumericType)) {
                throw new InputFormatException(spec.path() + ": the label column '" + spec.labelCol() + "' has type "
                        + type.simpleString() + "; expected a number (an integer class)");
            }
            cols.add(functions.col(spec.labelCol()).cast(DataTypes.DoubleType).as(LABEL));
        }
        require(names, spec.featuresCol(), "features", spec.path());
        DataType type = schema.apply(spec.featuresCol()).dataType();
        Column features = functions.col(spec.featuresCol());
        if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
            // array_to_vector takes float or double elements; integers are widened first.
            features = org.apache.spark.ml.functions.array_to_vector(
                    features.cast(DataTypes.createArrayType(DataTypes.DoubleType)));
        } else if (!type.sameType(SQLDataTypes.VectorType())) {
            throw new InputFormatException(spec.path() + ": the features column '" + spec.featuresCol()
                    + "' has type " + type.simpleString() + "; expected an ML vector or an array of numbers");
        }
        cols.add(features.as(FEATURES));
        return df.select(cols.toArray(Column[]::new));
    }

    private static void require(List<String> names, String col, String role, String where)
            throws InputFormatException {
        if (!names.contains(col)) {
            String hint = Suggest.closest(col, names);
            throw new InputFormatException(where + ": no " + role + " column '" + col + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; the columns are " + names);
        }
    }
}
