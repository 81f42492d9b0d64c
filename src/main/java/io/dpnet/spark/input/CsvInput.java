package io.dpnet.spark.input;

import io.dpnet.data.CsvLayout;
import io.dpnet.data.InputFiles;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.InputSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * CSV files as a DataFrame in {@link InputReader}'s shape. dpnet parses the text itself rather than
 * through Spark's CSV source, so that every bad line is reported with its file and line number
 * ({@link TextLines}) and checked against the model's feature count and classes as it is read.
 * The column layout is resolved once, on the driver, from the first file's first line.
 */
final class CsvInput {
    private CsvInput() {
    }

    static Dataset<Row> read(SparkSession spark, InputSpec spec, int classes, boolean labelRequired)
            throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path first = InputFiles.list(hadoop, spec.path()).get(0);
        String firstLine = firstLine(hadoop, first);
        CsvLayout layout = CsvLayout.resolve(firstLine, spec.csvHeader(), spec.csvDelimiter(), spec.csvLabel(),
                spec.idCol(), spec.features(), labelRequired, InputFiles.display(first));
        List<StructField> fields = new ArrayList<>();
        if (layout.hasId()) {
            fields.add(DataTypes.createStructField(InputReader.ID, DataTypes.StringType, false));
        }
        if (layout.hasLabel()) {
            fields.add(DataTypes.createStructField(InputReader.LABEL, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField(InputReader.FEATURES, SQLDataTypes.VectorType(), false));
        StructType schema = DataTypes.createStructType(fields);
        JavaRDD<Row> rows = TextLines.parse(JavaSparkContext.fromSparkContext(spark.sparkContext()), spec.path(),
                (line, fileStart) -> {
                    if (fileStart && layout.hasHeader()) {
                        layout.checkHeader(line);
                        return null;
                    }
                    if (line.isBlank()) {
                        return null;
                    }
                    CsvLayout.Parsed p = layout.parse(line, classes);
                    // compressed(): sparse when that is smaller, so mostly-zero pixels stay small.
                    Object features = Vectors.dense(p.features()).compressed();
                    List<Object> values = new ArrayList<>(3);
                    if (layout.hasId()) {
                        values.add(p.id());
                    }
                    if (layout.hasLabel()) {
                        values.add((double) p.label());
                    }
                    values.add(features);
                    return RowFactory.create(values.toArray());
                });
        return spark.createDataFrame(rows, schema);
    }

    private static String firstLine(Configuration hadoop, Path file) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(file);
        InputStream raw = file.getFileSystem(hadoop).open(file);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                codec == null ? raw : codec.createInputStream(raw), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line == null) {
                throw new InputFormatException(InputFiles.display(file) + ": the file is empty");
            }
            return line;
        }
    }
}
