package io.dpnet.spark.input;

import io.dpnet.data.InputFiles;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.InputSpec;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;

/**
 * Names the first bad row of a Parquet input by file and row within that file. Sharding reports a
 * bad row by its global position, which the user cannot look up; Parquet's {@code _metadata}
 * columns give each row's file and index. Used only after a failure, so its extra scan costs nothing
 * on good data.
 */
final class ParquetRows {
    private ParquetRows() {
    }

    /** The first row with a bad label or feature count, or null if every row looks fine. */
    static InputFormatException firstBad(SparkSession spark, InputSpec spec, int classes) {
        Dataset<Row> df = spark.read().parquet(spec.path());
        Column label = functions.col(spec.labelCol()).cast("double");
        Column features = functions.col(spec.featuresCol());
        Column size = df.schema().apply(spec.featuresCol()).dataType() instanceof ArrayType
                ? functions.size(features)
                : functions.size(org.apache.spark.ml.functions.vector_to_array(features, "float32"));
        Column badLabel = label.isNull().or(functions.isnan(label)).or(label.notEqual(functions.floor(label)))
                .or(label.lt(0)).or(label.geq(classes));
        Column badSize = features.isNull().or(size.notEqual(spec.features()));
        List<Row> bad = df.select(functions.col("_metadata.file_path"), functions.col("_metadata.row_index"),
                        label.as("l"), features.isNull().as("nullFeatures"), size.as("n"), badLabel.as("badLabel"))
                .where(badLabel.or(badSize))
                .orderBy("file_path", "row_index")
                .limit(1)
                .collectAsList();
        if (bad.isEmpty()) {
            return null;
        }
        Row r = bad.get(0);
        String where = InputFiles.display(new Path(r.getString(0))) + ": row " + r.getLong(1) + ": ";
        if (r.getBoolean(5)) {
            return new InputFormatException(where + (r.isNullAt(2) ? "the label is null" : "label "
                    + io.dpnet.data.Labels.format(r.getDouble(2))) + ", expected an integer class in [0, " + classes
                    + ")");
        }
        return new InputFormatException(where + "expected " + spec.features() + " features but found "
                + (r.getBoolean(3) ? "null" : Integer.toString(r.getInt(4))));
    }
}
