package io.dpnet.spark.input;

import io.dpnet.data.CsvLayout;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputFormatException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a tabular input — CSV with a header, or Parquet — through Spark's DataFrame readers, so a
 * big input stays distributed (any Hadoop path, file, directory or glob), and checks that named
 * columns exist with a usable type, naming what is there when one does not.
 */
public final class TabularFrames {
    private TabularFrames() {
    }

    /**
     * CSV columns get their types from Spark's schema inference (one extra pass): a column of
     * whole numbers becomes an integer column (ids), one with any other text a string column.
     */
    public static Dataset<Row> read(SparkSession spark, DataFormat format, String path, String csvDelimiter) {
        return switch (format) {
            // escape '"': RFC 4180 doubles quotes inside quoted fields (R's write.csv, Excel); Spark's
            // default escape is a backslash, which splits such fields.
            case CSV -> spark.read().option("header", "true").option("inferSchema", "true").option("escape", "\"")
                    .option("delimiter", String.valueOf(CsvLayout.delimiter(csvDelimiter))).option("mode", "FAILFAST")
                    .csv(path);
            case PARQUET -> spark.read().parquet(path);
            default -> throw new IllegalArgumentException("tabular inputs are csv or parquet, not " + format.key());
        };
    }

    /** The column's field, or an error: {@code path: column 'x' (role) is missing; available: a, b, c}. */
    public static StructField column(StructType schema, String name, String role, String path)
            throws InputFormatException {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new InputFormatException(path + ": column '" + name + "' (" + role + ") is missing; available: "
                + String.join(", ", Arrays.asList(schema.fieldNames())));
    }

    /** A numeric column: {@code path: column 'x' (numeric): expected a number column but its type is string}. */
    public static void requireNumeric(StructType schema, String name, String role, String path)
            throws InputFormatException {
        DataType t = column(schema, name, role, path).dataType();
        if (!(t instanceof NumericType)) {
            throw new InputFormatException(path + ": column '" + name + "' (" + role + "): expected a number column "
                    + "but its type is " + t.simpleString());
        }
    }

    /** Whether {@code t} holds whole numbers that can serve as ids directly. */
    static boolean isIntegral(DataType t) {
        return t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    /** Whether {@code t} is {@code array<int>} (or another integral element type). */
    static boolean isIdArray(DataType t) {
        return t instanceof org.apache.spark.sql.types.ArrayType a && isIntegral(a.elementType());
    }

    static List<String> names(StructType schema) {
        return Arrays.asList(schema.fieldNames());
    }
}
