package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputSpec;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticFormats;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same synthetic samples as IDX, LIBSVM, CSV (with and without a header) and Parquet: train
 * works from each, and one model scores identically on each; malformed inputs fail with located
 * messages; evaluate over several sets writes per-set reports and a matching summary.
 */
class InputFormatsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    /** Per format: the config overrides that name its training and test data. */
    private static final Map<String, List<String>> FORMATS = new LinkedHashMap<>();

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticIdx.write(data, "train", 600, 6, 3, 21);
        SyntheticIdx.write(data, "t10k", 200, 6, 3, 22);
        for (String split : List.of("train", "t10k")) {
            SyntheticFormats.Samples s = SyntheticFormats.read(data, split);
            SyntheticFormats.writeLibsvm(s, data.resolve(split + ".libsvm"));
            SyntheticFormats.writeCsv(s, data.resolve(split + ".csv"), false);
            Files.createDirectories(data.resolve("headed"));
            SyntheticFormats.writeCsv(s, data.resolve("headed").resolve(split + ".csv"), true);
        }
        // Parquet with an ML vector column, written by Spark from the CSV (one file keeps the row order).
        try {
            var spark = InputReader.session(SparkTestContext.get());
            for (String split : List.of("train", "t10k")) {
                InputSpec csv = new InputSpec(DataFormat.CSV, data.resolve(split + ".csv").toString(), 36, false, "",
                        ',', "", "", "");
                InputReader.read(spark, csv, 3, true).coalesce(1).write()
                        .parquet(data.resolve(split + ".parquet").toString());
            }
            // The test set again with the label of row 7 out of range.
            var label = org.apache.spark.sql.functions.col("label");
            var id = org.apache.spark.sql.functions.monotonically_increasing_id();
            spark.read().parquet(data.resolve("t10k.parquet").toString()).coalesce(1)
                    .withColumn("label", org.apache.spark.sql.functions.when(id.equalTo(7), 5.0).otherwise(label))
                    .write().parquet(data.resolve("bad-label.parquet").toString());
        } finally {
            SparkTestContext.stop();
        }
        FORMATS.put("idx", List.of("data.dir=" + data));
        FORMATS.put("libsvm", List.of("data.format=libsvm", "data.train=" + data.resolve("train.libsvm"),
                "data.test=" + data.resolve("t10k.libsvm")));
        FORMATS.put("csv", List.of("data.format=csv", "data.train=" + data.resolve("train.csv"),
                "data.test=" + data.resolve("t10k.csv")));
        FORMATS.put("csv-header", List.of("data.format=csv", "data.csv.header=true", "data.csv.label=label",
                "data.train=" + data.resolve("headed/train.csv"), "data.test=" + data.resolve("headed/t10k.csv")));
        FORMATS.put("parquet", List.of("data.format=parquet", "data.train=" + data.resolve("train.parquet"),
                "data.test=" + data.resolve("t10k.parquet")));
    }

    static String[] trainArgs(Path out, List<String> sets, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--progress", "none",
                "--set", "layers=36,16,3", "--set", "activations=relu,softmax", "--set", "epochs=2",
                "--set", "batchSize=50", "--set", "master=local[2]", "--set", "partitions=2",
                "--set", "learningRate=0.01"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void everyFormatTrainsTheSameModelAndScoresTheSameAccuracy(@TempDir Path tmp) throws Exception {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> f : FORMATS.entrySet()) {
            Path out = tmp.resolve(f.getKey());
            CliRun train = run(trainArgs(out, f.getValue()));
            assertThat(train.code()).as(f.getKey() + ": " + train.err()).isZero();
            JsonNode eval = JSON.readTree(out.resolve("eval.json").toFile());
            assertThat(eval.get("count").asLong()).as(f.getKey()).isEqualTo(200);
            accuracy.put(f.getKey(), eval.get("accuracy").asDouble());
        }
        // The same rows in the same order make the same run, whatever the format (float rounding aside).
        for (Map.Entry<String, Double> a : accuracy.entrySet()) {
            assertThat(a.getValue()).as(a.getKey()).isGreaterThan(0.9).isCloseTo(accuracy.get("idx"), within(0.011));
        }

        // One model scores exactly the same on the test set in every format.
        String model = tmp.resolve("idx").resolve("model").toString();
        JsonNode reference = JSON.readTree(tmp.resolve("idx").resolve("eval.json").toFile());
        Map<String, List<String>> evalArgs = new LinkedHashMap<>();
        evalArgs.put("libsvm", List.of("--data-format", "libsvm", "--data", data.resolve("t10k.libsvm").toString()));
        evalArgs.put("csv", List.of("--data-format", "csv", "--data", data.resolve("t10k.csv").toString()));
        evalArgs.put("csv-header", List.of("--data", "csv:" + data.resolve("headed/t10k.csv"), "--csv-header",
                "--csv-label", "label"));
        evalArgs.put("parquet", List.of("--data", "parquet:" + data.resolve("t10k.parquet")));
        for (Map.Entry<String, List<String>> e : evalArgs.entrySet()) {
            Path report = tmp.resolve("eval-" + e.getKey() + ".json");
            List<String> args = new ArrayList<>(List.of("evaluate", "--model", model, "--out", report.toString(),
                    "--master", "local[2]"));
            args.addAll(e.getValue());
            CliRun c = run(args.toArray(String[]::new));
            assertThat(c.code()).as(e.getKey() + ": " + c.err()).isZero();
            JsonNode r = JSON.readTree(report.toFile());
            assertThat(r.get("accuracy").asDouble()).as(e.getKey()).isEqualTo(reference.get("accuracy").asDouble());
            assertThat(r.get("count").asLong()).as(e.getKey()).isEqualTo(200);
            assertThat(r.get("meanLogLoss").asDouble()).as(e.getKey())
                    .isCloseTo(reference.get("meanLogLoss").asDouble(), within(1e-6));
            assertThat(r.get("confusionMatrix")).as(e.getKey()).isEqualTo(reference.get("confusionMatrix"));
        }

        // Several sets at once: one report per set and a summary that matches the single-set runs.
        Path many = tmp.resolve("many");
        CliRun multi = run("evaluate", "--model", model, "--out", many.toString(), "--master", "local[2]",
                "--data", "idx:" + data, "--data", "libsvm:" + data.resolve("t10k.libsvm"),
                "--data-format", "csv", "--data", data.resolve("*.csv").toString());
        assertThat(multi.code()).as(multi.err()).isZero();
        assertThat(many.resolve("summary.json")).isRegularFile();
        JsonNode summary = JSON.readTree(many.resolve("summary.json").toFile());
        List<String> names = new ArrayList<>();
        summary.get("sets").forEach(s -> names.add(s.get("set").asText()));
        // data (IDX dir), t10k (libsvm), then the glob's matches in name order: t10k.csv, train.csv.
        assertThat(names).containsExactly(data.getFileName().toString(), "t10k", "t10k-2", "train");
        for (JsonNode s : summary.get("sets")) {
            JsonNode perSet = JSON.readTree(many.resolve(s.get("set").asText() + ".json").toFile());
            assertThat(s.get("accuracy").asDouble()).isEqualTo(perSet.get("accuracy").asDouble());
            assertThat(s.get("count").asLong()).isEqualTo(perSet.get("count").asLong());
            assertThat(s.get("macroF1").asDouble()).isEqualTo(perSet.get("macroF1").asDouble());
        }
        for (String set : List.of(data.getFileName().toString(), "t10k", "t10k-2")) {
            JsonNode s = JSON.readTree(many.resolve(set + ".json").toFile());
            assertThat(s.get("accuracy").asDouble()).as(set).isEqualTo(reference.get("accuracy").asDouble());
            assertThat(s.get("meanLogLoss").asDouble()).as(set)
                    .isCloseTo(reference.get("meanLogLoss").asDouble(), within(1e-6));
        }
        assertThat(summary.get("sets").get(3).get("count").asLong()).isEqualTo(600);
        assertThat(Files.readAllLines(many.resolve("summary.csv"))).hasSize(5)
                .first().isEqualTo("set,data,count,accuracy,meanLogLoss,macroF1");
        assertThat(multi.out()).contains("set ").contains("accuracy").contains("t10k-2");

        CliRun again = run("evaluate", "--model", model, "--out", many.toString(), "--master", "local[2]",
                "--data", data.toString(), "--data", data.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("dpnet: error: " + many + " already exists (pass --overwrite to replace "
                + "it)\n");
    }

    @Test
    void malformedInputsFailWithFileLineExpectedAndFound(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("train.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("train.csv")));
        lines.set(16, "1,0.5,0.25");
        Files.write(csv, lines);
        CliRun badCsv = run(trainArgs(tmp.resolve("a"), List.of("data.format=csv", "data.train=" + csv,
                "data.test=" + data.resolve("t10k.csv"))));
        assertThat(badCsv.code()).isEqualTo(2);
        // Found inside a Spark task: the line names the file with the whole trace.
        assertThat(badCsv.err()).matches("(?s).*" + CliRun.errorWithTrace("train", csv + ": line 17: expected 37 "
                + "numeric fields (label + 36 features) but found 3") + "\n");

        Path libsvm = tmp.resolve("x.libsvm");
        List<String> svm = new ArrayList<>(Files.readAllLines(data.resolve("t10k.libsvm")));
        svm.set(3, "1 0:0.5 3:1");
        Files.write(libsvm, svm);
        CliRun badSvm = run(trainArgs(tmp.resolve("b"), List.of("data.format=libsvm",
                "data.train=" + data.resolve("train.libsvm"), "data.test=" + libsvm)));
        assertThat(badSvm.code()).isEqualTo(2);
        assertThat(badSvm.err()).matches("(?s).*" + CliRun.errorWithTrace("train", libsvm + ": line 4: feature index 0 "
                + "is not ≥ 1") + "\n");

        Path label = tmp.resolve("label.libsvm");
        svm.set(3, "7 1:0.5 3:1");
        Files.write(label, svm);
        CliRun badLabel = run(trainArgs(tmp.resolve("c"), List.of("data.format=libsvm",
                "data.train=" + data.resolve("train.libsvm"), "data.test=" + label)));
        assertThat(badLabel.err()).matches("(?s).*" + CliRun.errorWithTrace("train", label + ": line 4: label 7 is not "
                + "an integer class in [0, 3)") + "\n");

        // A model that takes more features than the data has.
        CliRun wide = run(trainArgs(tmp.resolve("d"), List.of("data.format=csv", "data.train="
                + data.resolve("train.csv"), "data.test=" + data.resolve("t10k.csv")), "--set", "layers=40,16,3"));
        assertThat(wide.err()).isEqualTo("dpnet: error: " + data.resolve("train.csv") + ": line 1: expected 41 "
                + "fields (label + 40 features) but found 37\n");
        CliRun narrow = run(trainArgs(tmp.resolve("e"), List.of("data.format=parquet", "data.train="
                + data.resolve("train.parquet"), "data.test=" + data.resolve("t10k.parquet")), "--set",
                "layers=40,16,3"));
        // Parquet: the bad row is named by its file and its row there.
        CliRun badParquet = run(trainArgs(tmp.resolve("g"), List.of("data.format=parquet", "data.train="
                + data.resolve("train.parquet"), "data.test=" + data.resolve("bad-label.parquet"))));
        assertThat(badParquet.code()).isEqualTo(2);
        assertThat(badParquet.err()).matches("(?s).*dpnet: error: " + java.util.regex.Pattern.quote(
                data.resolve("bad-label.parquet").toString()) + "/part-00000-[^/]*\\.parquet: row 7: label 5, "
                + "expected an integer class in \\[0, 3\\) \\(full trace in \\S+\\.log\\)\n");

        assertThat(narrow.err()).endsWith("dpnet: error: " + data.resolve("train.parquet") + ": the samples have 36 "
                + "features but the model's input layer takes 40\n");
    }

    @Test
    void validationSplitAndValidationPathWorkForNonIdxFormats(@TempDir Path tmp) throws Exception {
        List<String> csv = FORMATS.get("csv");
        List<String> withPath = new ArrayList<>(csv);
        withPath.add("validation.path=" + data.resolve("t10k.csv"));
        List<String> withFraction = new ArrayList<>(FORMATS.get("libsvm"));
        withFraction.add("validation.fraction=0.2");
        for (List<String> sets : List.of(withPath, withFraction)) {
            Path out = tmp.resolve("v" + sets.size() + sets.get(0).hashCode());
            CliRun c = run(trainArgs(out, sets));
            assertThat(c.code()).as(c.err()).isZero();
            List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
            assertThat(lines).hasSize(2);
            JsonNode last = JSON.readTree(lines.get(1));
            assertThat(last.get("valAccuracy").asDouble()).as(sets.toString()).isGreaterThan(0.8);
        }
        // A separate validation set is the test set here, so the two agree exactly.
        Path out = tmp.resolve("v" + withPath.size() + withPath.get(0).hashCode());
        JsonNode last = JSON.readTree(Files.readAllLines(out.resolve("metrics.jsonl")).get(1));
        assertThat(last.get("valAccuracy").asDouble()).isEqualTo(last.get("testAccuracy").asDouble());
    }

    @Test
    void dataKeysAreCheckedBeforeSparkStarts(@TempDir Path tmp) {
        assertThat(run(trainArgs(tmp.resolve("a"), List.of("data.format=csv"))).err())
                .isEqualTo("dpnet: error: data.format=csv needs data.train (a file, directory or glob)\n");
        assertThat(run(trainArgs(tmp.resolve("b"), List.of("data.format=cvs"))).err())
                .isEqualTo("dpnet: error: data.format: unknown data format 'cvs' (expected idx, libsvm, csv or parquet; "
                        + "did you mean 'csv'?)\n");
        assertThat(run(trainArgs(tmp.resolve("c"), FORMATS.get("libsvm"), "--set", "data.csv.header=true")).err())
                .isEqualTo("dpnet: error: data.csv.header only applies to data.format=csv, but data.format is "
                        + "libsvm\n");
        assertThat(run(trainArgs(tmp.resolve("d"), List.of("data.train=x.csv"))).err())
                .startsWith("dpnet: error: data.train is for data.format libsvm, csv or parquet;");
        assertThat(run(trainArgs(tmp.resolve("e"), FORMATS.get("csv"), "--set", "data.features=30")).err())
                .isEqualTo("dpnet: error: data.features=30 does not match the model's input size 36 (the first of "
                        + "layers=36,16,3)\n");
        assertThat(run(trainArgs(tmp.resolve("f"), List.of("data.format=csv", "data.train=" + tmp.resolve("none.csv"),
                "data.test=" + tmp.resolve("none.csv")))).err())
                .isEqualTo("dpnet: error: " + tmp.resolve("none.csv") + " does not exist\n");
    }
}
