package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputSpec;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticFormats;
import io.dpnet.testing.SyntheticIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpnet predict: output rows, ids, argmax predictions, probabilities, agreement with evaluate, atomic output. */
class PredictCliTest {
    private static final int N = 300;

    @TempDir
    static Path data;

    static Path model;
    static SyntheticFormats.Samples test;
    static double evaluatedAccuracy;

    @BeforeAll
    static void trainAModel() throws Exception {
        SyntheticIdx.write(data, "train", 600, 6, 3, 31);
        SyntheticIdx.write(data, "t10k", N, 6, 3, 32);
        test = SyntheticFormats.read(data, "t10k");
        SyntheticFormats.writeCsv(test, data.resolve("t10k.csv"), false);
        SyntheticFormats.writeLibsvm(test, data.resolve("t10k.libsvm"));
        // Unlabelled: just the 36 features per line.
        List<String> unlabelled = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("t10k.csv"))) {
            unlabelled.add(line.substring(line.indexOf(',') + 1));
        }
        Files.write(data.resolve("unlabelled.csv"), unlabelled);
        Path run = data.resolve("run");
        CliRun train = run("train", "--out", run.toString(), "--progress", "none", "--set", "layers=36,16,3",
                "--set", "activations=relu,softmax", "--set", "epochs=2", "--set", "batchSize=50",
                "--set", "master=local[2]", "--set", "learningRate=0.01", "--set", "data.dir=" + data);
        assertThat(train.code()).as(train.err()).isZero();
        model = run.resolve("model");
        evaluatedAccuracy = new ObjectMapper().readTree(run.resolve("eval.json").toFile()).get("accuracy").asDouble();
        // Parquet with string ids and an ML vector column, for the id-column case.
        try {
            SparkSession spark = InputReader.session(SparkTestContext.get());
            InputSpec csv = new InputSpec(DataFormat.CSV, data.resolve("t10k.csv").toString(), 36, false, "", ',',
                    "", "", "");
            InputReader.read(spark, csv, 3, true).coalesce(1)
                    .withColumn("id", functions.concat(functions.lit("s"),
                            functions.monotonically_increasing_id().cast("string")))
                    .write().parquet(data.resolve("t10k.parquet").toString());
        } finally {
            SparkTestContext.stop();
        }
    }

    @AfterAll
    static void stop() {
        SparkTestContext.stop();
    }

    private static CliRun predict(String... args) {
        List<String> all = new ArrayList<>(List.of("predict", "--model", model.toString(), "--master", "local[2]"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** The data lines of every CSV part file of a predict output, headers checked and dropped. */
    private static List<String[]> csvRows(Path dir) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            if (lines.isEmpty()) {
                continue;
            }
            assertThat(lines.get(0)).isEqualTo("id,prediction,prob_0,prob_1,prob_2");
            for (String line : lines.subList(1, lines.size())) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    @Test
    void csvOutputHasRowNumbersArgmaxPredictionsAndProbabilities(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pred");
        CliRun c = predict("--data-format", "csv", "--data", data.resolve("t10k.csv").toString(), "--out",
                out.toString(), "--format", "csv");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).matches("dpnet: predicted 300 rows in [0-9.]+s; wrote " + out + " \\(csv\\)\n");
        List<String[]> rows = csvRows(out);
        assertThat(rows).hasSize(N);
        rows.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
        int correct = 0;
        for (int i = 0; i < N; i++) {
            String[] r = rows.get(i);
            assertThat(Long.parseLong(r[0])).isEqualTo(i);
            float[] p = {Float.parseFloat(r[2]), Float.parseFloat(r[3]), Float.parseFloat(r[4])};
            int argmax = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            assertThat(Integer.parseInt(r[1])).isEqualTo(argmax);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-4f));
            correct += argmax == test.y()[i] ? 1 : 0;
        }
        // Row i is sample i, so agreement with the labels is evaluate's accuracy.
        assertThat(correct / (double) N).isEqualTo(evaluatedAccuracy);

        // Unlabelled CSV: the same rows score the same.
        Path plain = tmp.resolve("plain");
        CliRun u = predict("--data-format", "csv", "--data", data.resolve("unlabelled.csv").toString(), "--out",
                plain.toString(), "--format", "csv");
        assertThat(u.code()).as(u.err()).isZero();
        List<String[]> unlabelled = csvRows(plain);
        unlabelled.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
        for (int i = 0; i < N; i++) {
            assertThat(unlabelled.get(i)).containsExactly(rows.get(i));
        }
    }

    @Test
    void csvIdColumnsAreCopiedByNameOrIndex(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("t10k.csv"));
        StringBuilder header = new StringBuilder("id,label");
        for (int j = 0; j < 36; j++) {
            header.append(",f").append(j);
        }
        List<String> headed = new ArrayList<>(List.of(header.toString()));
        List<String> idLast = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            headed.add("r" + i + "," + lines.get(i));
            idLast.add(lines.get(i) + ",r" + i);
        }
        Files.write(tmp.resolve("headed.csv"), headed);
        Files.write(tmp.resolve("idlast.csv"), idLast);

        Path reference = tmp.resolve("ref");
        assertThat(predict("--data", data.toString(), "--out", reference.toString(), "--format", "csv").code())
                .isZero();
        List<String[]> expected = csvRows(reference);
        expected.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));

        // A header column named id is the id; the label column next to it is skipped.
        Path byName = tmp.resolve("byname");
        CliRun named = predict("--data-format", "csv", "--csv-header", "--data", tmp.resolve("headed.csv").toString(),
                "--out", byName.toString(), "--format", "csv");
        assertThat(named.code()).as(named.err()).isZero();
        // Without a header: --id-col by index, the label is the first column.
        Path byIndex = tmp.resolve("byindex");
        CliRun indexed = predict("--data-format", "csv", "--id-col", "37", "--data", tmp.resolve("idlast.csv").toString(),
                "--out", byIndex.toString(), "--format", "csv");
        assertThat(indexed.code()).as(indexed.err()).isZero();
        for (Path out : List.of(byName, byIndex)) {
            List<String[]> rows = csvRows(out);
            assertThat(rows).hasSize(N);
            rows.sort((a, b) -> Integer.compare(Integer.parseInt(a[0].substring(1)), Integer.parseInt(b[0].substring(1))));
            for (int i = 0; i < N; i++) {
                assertThat(rows.get(i)[0]).isEqualTo("r" + i);
                assertThat(java.util.Arrays.copyOfRange(rows.get(i), 1, 5))
                        .containsExactly(java.util.Arrays.copyOfRange(expected.get(i), 1, 5));
            }
        }
    }

    @Test
    void parquetOutputFromIdxLibsvmAndParquetWithIds(@TempDir Path tmp) throws Exception {
        Path fromIdx = tmp.resolve("idx");
        CliRun idx = predict("--data", data.toString(), "--out", fromIdx.toString());
        assertThat(idx.code()).as(idx.err()).isZero();
        Path fromSvm = tmp.resolve("svm");
        CliRun svm = predict("--data-format", "libsvm", "--data", data.resolve("t10k.libsvm").toString(), "--out",
                fromSvm.toString());
        assertThat(svm.code()).as(svm.err()).isZero();
        Path fromParquet = tmp.resolve("pq");
        CliRun pq = predict("--data-format", "parquet", "--data", data.resolve("t10k.parquet").toString(), "--out",
                fromParquet.toString());
        assertThat(pq.code()).as(pq.err()).isZero();

        // An images file on its own (no labels needed) gives the same rows as its directory.
        Path fromImages = tmp.resolve("images");
        CliRun imagesOnly = predict("--data", data.resolve("t10k-images-idx3-ubyte").toString(), "--out",
                fromImages.toString(), "--partitions", "3");
        assertThat(imagesOnly.code()).as(imagesOnly.err()).isZero();

        SparkSession spark = InputReader.session(SparkTestContext.get());
        List<Row> a = spark.read().parquet(fromIdx.toString()).orderBy("id").collectAsList();
        assertThat(spark.read().parquet(fromImages.toString()).orderBy("id").collectAsList()).isEqualTo(a);
        List<Row> b = spark.read().parquet(fromSvm.toString()).orderBy("id").collectAsList();
        List<Row> ids = spark.read().parquet(fromParquet.toString()).collectAsList();
        assertThat(a).hasSize(N);
        assertThat(b).hasSize(N);
        assertThat(ids).hasSize(N);
        int correct = 0;
        for (int i = 0; i < N; i++) {
            assertThat(a.get(i).getLong(0)).isEqualTo(i);
            List<Float> p = a.get(i).getList(2);
            assertThat(p).hasSize(3);
            int argmax = 0;
            for (int k = 1; k < 3; k++) {
                argmax = p.get(k) > p.get(argmax) ? k : argmax;
            }
            assertThat(a.get(i).getInt(1)).isEqualTo(argmax);
            assertThat(p.get(0) + p.get(1) + p.get(2)).isCloseTo(1f, within(1e-4f));
            correct += argmax == test.y()[i] ? 1 : 0;
            // The same sample from LIBSVM text scores the same.
            assertThat(b.get(i).getLong(0)).isEqualTo(i);
            assertThat(b.get(i).getInt(1)).isEqualTo(argmax);
        }
        assertThat(correct / (double) N).isEqualTo(evaluatedAccuracy);
        // The Parquet input's own string ids are kept.
        assertThat(ids).allSatisfy(r -> assertThat(r.getString(0)).startsWith("s"));
        assertThat(ids.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(N);
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwrite(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pred");
        assertThat(predict("--data", data.toString(), "--out", out.toString(), "--format", "csv").code()).isZero();
        CliRun again = predict("--data", data.toString(), "--out", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("dpnet: error: " + out + " already exists (pass --overwrite to replace it)\n");
        assertThat(csvRows(out)).hasSize(N);  // untouched

        CliRun replaced = predict("--data", data.toString(), "--out", out.toString(), "--overwrite");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")))
                    .allMatch(n -> n.endsWith(".parquet"));
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("pred");  // no temporary left
        }

        Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(tmp.resolve("mine").resolve("notes.txt"), "keep");
        CliRun foreign = predict("--data", data.toString(), "--out", tmp.resolve("mine").toString(), "--overwrite");
        assertThat(foreign.err()).isEqualTo("dpnet: error: " + tmp.resolve("mine")
                + " exists but has no _SUCCESS; refusing to replace it\n");
        assertThat(tmp.resolve("mine").resolve("notes.txt")).hasContent("keep");
    }

    @Test
    void badRowsAndOptionsAreReported(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("unlabelled.csv")));
        lines.set(5, lines.get(5).replaceFirst("[^,]+", "x"));
        Files.write(bad, lines);
        CliRun c = predict("--data-format", "csv", "--data", bad.toString(), "--out", tmp.resolve("o").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).matches("(?s).*" + CliRun.errorWithTrace("predict", bad + ": line 6: expected a number in "
                + "field 1 but found 'x'") + "\n");
        assertThat(tmp.resolve("o")).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bad.csv");  // no temporary left
        }
        assertThat(predict("--data", data.toString(), "--out", tmp.resolve("p").toString(), "--format", "json").err())
                .isEqualTo("dpnet: error: --format must be parquet or csv, got 'json'\n");

        // Labels are not used, so they are not checked either: a class the model lacks is fine.
        List<String> relabelled = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("t10k.csv"))) {
            relabelled.add("9.5" + line.substring(line.indexOf(',')));
        }
        Files.write(tmp.resolve("relabelled.csv"), relabelled);
        CliRun ok = predict("--data-format", "csv", "--data", tmp.resolve("relabelled.csv").toString(), "--out",
                tmp.resolve("q").toString(), "--format", "csv");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(csvRows(tmp.resolve("q"))).hasSize(N);
    }
}
