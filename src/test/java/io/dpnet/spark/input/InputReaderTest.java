package io.dpnet.spark.input;

import io.dpnet.spark.SparkTestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.DataFormat;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LIBSVM, CSV and Parquet readers: the rows they produce and their located errors. */
class InputReaderTest {
    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        SparkTestContext.stop();
    }

    private static SparkSession spark() {
        return InputReader.session(SparkTestContext.get());
    }

    private static InputSpec spec(DataFormat format, Path path, int features) {
        return new InputSpec(format, path.toString(), features, false, "", ',', "features", "label", "");
    }

    private static List<Row> rows(InputSpec spec, int classes) throws Exception {
        Dataset<Row> df = InputReader.read(spark(), spec, classes, true);
        return InputReader.located(SparkTestContext.get(), spec, classes, df::collectAsList);
    }

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void libsvmRowsStaySparse() throws Exception {
        Path p = write("a.libsvm", "1 2:0.5 4:1", "# a comment", "", "0 1:2");
        List<Row> rows = rows(spec(DataFormat.LIBSVM, p, 4), 2);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getDouble(0)).isEqualTo(1.0);
        Vector v = (Vector) rows.get(0).get(1);
        assertThat(v).isInstanceOf(SparseVector.class);
        assertThat(v.toArray()).containsExactly(0, 0.5, 0, 1);
    }

    @Test
    void libsvmErrorsNameFileAndLine() throws Exception {
        Path p = write("x.libsvm", "1 1:0.5", "0 2:1", "1 3:1", "0 0:1 2:1");
        assertThatThrownBy(() -> rows(spec(DataFormat.LIBSVM, p, 4), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(p + ": line 4: feature index 0 is not ≥ 1");
        Path big = write("big.libsvm", "1 1:0.5", "0 5:1");
        assertThatThrownBy(() -> rows(spec(DataFormat.LIBSVM, big, 4), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(big + ": line 2: expected feature indices in 1..4 but found 5");
        Path word = write("word.libsvm", "1 1:0.5", "", "cat 2:1");
        assertThatThrownBy(() -> rows(spec(DataFormat.LIBSVM, word, 4), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(word + ": line 3: expected a numeric label but found 'cat'");
        Path order = write("order.libsvm", "1 3:0.5 2:1");
        assertThatThrownBy(() -> rows(spec(DataFormat.LIBSVM, order, 4), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(order + ": line 1: feature index 2 follows 3 (indices must be ascending)");
    }

    @Test
    void csvWithAndWithoutHeader() throws Exception {
        Path plain = write("plain.csv", "1,0.5,0,0.25", "0,1,2,3");
        List<Row> rows = rows(spec(DataFormat.CSV, plain, 3), 2);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getDouble(0)).isEqualTo(1.0);
        assertThat(((Vector) rows.get(0).get(1)).toArray()).containsExactly(0.5, 0, 0.25);

        Path headed = write("headed.csv", "a,b,y,c", "0.5,0,1,0.25", "1,2,0,3");
        InputSpec byName = new InputSpec(DataFormat.CSV, headed.toString(), 3, true, "y", ',', "", "", "");
        List<Row> named = rows(byName, 2);
        assertThat(named).hasSize(2);
        assertThat(named.get(0).getDouble(0)).isEqualTo(1.0);
        assertThat(((Vector) named.get(0).get(1)).toArray()).containsExactly(0.5, 0, 0.25);
    }

    @Test
    void csvErrorsNameFileLineExpectedAndFound() throws Exception {
        Path shortRow = write("train.csv", "1,0.5,0,0.25", "0,1,2,3", "1,2");
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, shortRow, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(shortRow + ": line 3: expected 4 numeric fields (label + 3 features) but found 2");
        Path word = write("word.csv", "1,0.5,0,0.25", "0,1,abc,3");
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, word, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(word + ": line 2: expected a number in field 3 but found 'abc'");
        Path label = write("label.csv", "1,0.5,0,0.25", "2,1,2,3");
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, label, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(label + ": line 2: label 2 is not an integer class in [0, 2)");
        Path frac = write("frac.csv", "0.5,0.5,0,0.25");
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, frac, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(frac + ": line 1: label 0.5 is not an integer class in [0, 2)");
        Path wide = write("wide.csv", "1,0.5,0,0.25,9");
        assertThatThrownBy(() -> InputReader.read(spark(), spec(DataFormat.CSV, wide, 3), 2, true))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(wide + ": line 1: expected 4 fields (label + 3 features) but found 5");
        Path headed = write("h.csv", "a,b,label,c", "0.5,0,1,0.25");
        InputSpec typo = new InputSpec(DataFormat.CSV, headed.toString(), 3, true, "lable", ',', "", "", "");
        assertThatThrownBy(() -> InputReader.read(spark(), typo, 2, true)).isInstanceOf(InputFormatException.class)
                .hasMessage(headed + ": no column named 'lable' for the label (did you mean 'label'?); the header "
                        + "has [a, b, label, c]");
    }

    @Test
    void linesAreNumberedInLateSplitsCompressedFilesAndDirectories() throws Exception {
        // Big enough for Hadoop to split the file (at least two splits); the bad line is in the second.
        String[] lines = new String[3000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = (i % 2) + "," + i + ",0.5,0.25";
        }
        lines[2899] = "1,2,x,3";
        Path big = write("big.csv", lines);
        assertThat(TextLines.parse(SparkTestContext.get(), big.toString(), (line, start) -> line).getNumPartitions())
                .as("the file is split, so the line number comes from LineLocator").isGreaterThan(1);
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, big, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(big + ": line 2900: expected a number in field 3 but found 'x'");

        Path gz = dir.resolve("small.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1,0.5,0,0.25\n0,1,2,3\n\n1,2,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> rows(spec(DataFormat.CSV, gz, 3), 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(gz + ": line 4: expected 4 numeric fields (label + 3 features) but found 3");

        // A directory of headed files: every file's header must match the first one's.
        Path parts = dir.resolve("parts");
        Files.createDirectories(parts);
        Files.writeString(parts.resolve("a.csv"), "y,a,b,c\n1,0.5,0,0.25\n");
        Files.writeString(parts.resolve("b.csv"), "y,a,b,c\n0,1,2,3\n");
        Files.writeString(parts.resolve("_SUCCESS"), "");
        InputSpec headed = new InputSpec(DataFormat.CSV, parts.toString(), 3, true, "y", ',', "", "", "");
        assertThat(rows(headed, 2)).hasSize(2);
        Files.writeString(parts.resolve("c.csv"), "y,a,c,b\n0,1,2,3\n");
        assertThatThrownBy(() -> rows(headed, 2)).isInstanceOf(InputFormatException.class)
                .hasMessage(parts.resolve("c.csv") + ": line 1: expected the same header as the first file ('y,a,b,c') "
                        + "but found 'y,a,c,b'");
    }

    @Test
    void parquetWithVectorOrArrayColumn() throws Exception {
        SparkSession spark = spark();
        Path csv = write("src.csv", "1,0.5,0,0.25", "0,1,2,3");
        Path vectors = dir.resolve("v.parquet");
        rowsFrame(csv).coalesce(1).write().parquet(vectors.toString());
        List<Row> rows = rows(spec(DataFormat.PARQUET, vectors, 3), 2);
        assertThat(rows).hasSize(2);
        assertThat(((Vector) rows.get(1).get(1)).toArray()).containsExactly(1, 2, 3);

        Path arrays = dir.resolve("a.parquet");
        rowsFrame(csv).select(org.apache.spark.sql.functions.col("label").cast("int").as("y"),
                        org.apache.spark.ml.functions.vector_to_array(org.apache.spark.sql.functions.col("features"),
                                "float32").as("pixels"))
                .coalesce(1).write().parquet(arrays.toString());
        InputSpec named = new InputSpec(DataFormat.PARQUET, arrays.toString(), 3, false, "", ',', "pixels", "y", "");
        List<Row> fromArrays = rows(named, 2);
        assertThat(fromArrays.get(1).getDouble(0)).isEqualTo(0.0);
        assertThat(((Vector) fromArrays.get(1).get(1)).toArray()).containsExactly(1, 2, 3);

        InputSpec typo = new InputSpec(DataFormat.PARQUET, arrays.toString(), 3, false, "", ',', "pixel", "y", "");
        assertThatThrownBy(() -> InputReader.read(spark, typo, 2, true)).isInstanceOf(InputFormatException.class)
                .hasMessage(arrays + ": no features column 'pixel' (did you mean 'pixels'?); the columns are "
                        + "[y, pixels]");
    }

    private Dataset<Row> rowsFrame(Path csv) throws Exception {
        return InputReader.read(spark(), spec(DataFormat.CSV, csv, 3), 2, true);
    }
}
