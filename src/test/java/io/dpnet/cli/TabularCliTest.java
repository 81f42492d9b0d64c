package io.dpnet.cli;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tabular inputs through the CLI, in process: a seeded CSV with a string categorical ({@code city}),
 * an integer categorical ({@code shop}), two numeric columns, a text column and a weight column;
 * train → evaluate → predict → info for classification and regression, and the exact messages for
 * a missing column and an unseen category.
 */
class TabularCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CITIES = {"hà nội", "paris", "lima", "oslo", "quito"};
    private static final double[] CITY_OFFSET = {1.5, -1.0, 0.5, -1.5, 0.0};
    private static final String[] WORDS = {"xin", "chào", "good", "bad", "the", "a", "shop"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeData() throws IOException {
        write(dir.resolve("train.csv"), 800, 1, null);
        write(dir.resolve("test.csv"), 200, 2, null);
        write(dir.resolve("unseen.csv"), 20, 3, "atlantis");
        List<String> noX2 = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("test.csv"))) {
            String[] f = line.split(",", -1);
            noX2.add(String.join(",", f[0], f[1], f[2], f[4], f[5], f[6], f[7]));
        }
        Files.write(dir.resolve("no-x2.csv"), noX2);
    }

    /**
     * {@code label} is 1 when {@code x1 + offset(city) + 1.2·(shop is odd) + (text says good) − (bad)} > 0;
     * {@code y = 2·x1 − x2 + offset(city) + 0.5·shop + noise}. Row 3's city is {@code unseenCity} when given.
     */
    static void write(Path file, int rows, long seed, String unseenCity) throws IOException {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("city,shop,x1,x2,text,w,label,y");
        for (int r = 0; r < rows; r++) {
            int c = rng.nextInt(CITIES.length);
            int shop = rng.nextInt(4);
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian() * 3 + 10;
            StringBuilder text = new StringBuilder();
            int words = rng.nextInt(5);
            int sentiment = 0;
            for (int k = 0; k < words; k++) {
                String w = WORDS[rng.nextInt(WORDS.length)];
                sentiment += w.equals("good") ? 1 : w.equals("bad") ? -1 : 0;
                text.append(k == 0 ? "" : k % 2 == 0 ? " " : "! ").append(k == 1 ? w.toUpperCase(Locale.ROOT) : w);
            }
            double score = x1 + CITY_OFFSET[c] + 1.2 * (shop % 2) + sentiment - 0.6;
            double y = 2 * x1 - (x2 - 10) / 3 + CITY_OFFSET[c] + 0.5 * shop + rng.nextGaussian() * 0.1;
            String city = r == 3 && unseenCity != null ? unseenCity : CITIES[c];
            lines.add(String.format(Locale.ROOT, "%s,%d,%.5f,%.5f,%s,%s,%d,%.5f", city, shop, x1, x2, text,
                    r % 5 == 0 ? "2" : "1", score > 0 ? 1 : 0, y));
        }
        Files.write(file, lines);
    }

    static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--progress", "none"));
        for (String s : List.of("data.format=csv", "data.csv.header=true", "data.train=" + dir.resolve("train.csv"),
                "data.test=" + dir.resolve("test.csv"), "data.numericCols=x1,x2", "data.categoricalCols=city,shop",
                "data.tokensCol=text", "data.weightCol=w", "embedding.dim=4", "embedding.dims=shop:2", "tokens.dim=4",
                "epochs=12", "batchSize=32", "learningRate=0.01", "master=local[2]", "partitions=2")) {
            args.add("--set");
            args.add(s);
        }
        for (String s : extra) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(String[]::new);
    }

    @Test
    void classificationTrainsEvaluatesPredictsAndDescribesItself() throws Exception {
        Path out = dir.resolve("cls");
        CliRun t = run(train(out, "data.labelCol=label", "layers=auto,16,2", "activations=relu,softmax",
                "classWeights=balanced"));
        assertThat(t.code()).as(t.err()).isZero();
        // 2 numeric + city 4 + shop 2 + text 4 = 12 inputs.
        assertThat(t.out()).contains("input block 2 numeric | city: 5 ids × 4 (oov: error) | shop: 4 ids × 2 "
                + "(oov: error) | text: bag of 7 ids + unknown 7 × 4, mean, padding -1 → 12 inputs");
        JsonNode eval = JSON.readTree(out.resolve("eval.json").toFile());
        assertThat(eval.get("count").asLong()).isEqualTo(200);
        assertThat(eval.get("accuracy").asDouble()).isGreaterThan(0.85);
        JsonNode model = JSON.readTree(out.resolve("model/model.json").toFile());
        assertThat(model.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(model.at("/architecture/inputSize").asInt()).isEqualTo(12);
        assertThat(model.at("/trainingConfig/layers").asText()).isEqualTo("12,16,2");
        assertThat(model.at("/task/classWeights").size()).isEqualTo(2);
        // train writes the report for tabular runs too.
        assertThat(t.out()).contains(out.resolve("report.html").toString());
        assertThat(java.nio.file.Files.readString(out.resolve("report.html"))).contains("test accuracy")
                .contains("id=\"per-class\"");
        // The text's words, lower-cased ("CHÀO" is "chào"); empty tokens are dropped.
        List<String> words = JSON.readerForListOf(String.class).readValue(out.resolve("model/vocabulary-2.json").toFile());
        assertThat(words).containsExactlyInAnyOrder("xin", "chào", "good", "bad", "the", "a", "shop");

        // evaluate maps the test set exactly as training did: the same figures.
        Path report = dir.resolve("cls-eval.json");
        CliRun e = run("evaluate", "--model", out.resolve("model").toString(), "--data",
                "csv:" + dir.resolve("test.csv"), "--out", report.toString(), "--master", "local[2]");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode again = JSON.readTree(report.toFile());
        assertThat(again.get("accuracy").asDouble()).isEqualTo(eval.get("accuracy").asDouble());
        assertThat(again.get("confusionMatrix")).isEqualTo(eval.get("confusionMatrix"));

        Path predictions = dir.resolve("cls-pred");
        CliRun p = run("predict", "--model", out.toString() + "/model", "--data", "csv:" + dir.resolve("test.csv"),
                "--out", predictions.toString(), "--format", "csv", "--master", "local[2]");
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = csvLines(predictions);
        assertThat(lines.get(0)).isEqualTo("row,prediction,prob_0,prob_1");
        assertThat(lines).hasSize(201);
        assertThat(lines.get(1)).startsWith("0,");

        CliRun info = run("info", "--model", out.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("classification of 'label', class weights [")
                .contains("categorical 'city'           5 rows × 4, from strings [")
                .contains("numeric 'x1'");
    }

    @Test
    void regressionWithHuberLossReportsRmseMaeAndR2() throws Exception {
        Path out = dir.resolve("reg");
        CliRun t = run(train(out, "task=regression", "loss=huber", "loss.huberDelta=1", "data.labelCol=y",
                "layers=auto,16,1", "activations=relu,linear", "embedding.oov=unknown"));
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode eval = JSON.readTree(out.resolve("eval.json").toFile());
        assertThat(eval.get("task").asText()).isEqualTo("regression");
        assertThat(eval.get("r2").asDouble()).isGreaterThan(0.8);
        assertThat(eval.get("rmse").asDouble()).isPositive();
        assertThat(eval.get("count").asDouble()).isEqualTo(200);
        JsonNode model = JSON.readTree(out.resolve("model/model.json").toFile());
        assertThat(model.at("/task/loss").asText()).isEqualTo("huber");
        assertThat(model.at("/metrics/testR2").asDouble()).isEqualTo(eval.get("r2").asDouble());
        // The report of a regression run: RMSE/MAE/R² instead of accuracy and a confusion matrix, and a
        // metrics.jsonl without accuracy (null, not the invalid JSON token NaN).
        assertThat(java.nio.file.Files.readAllLines(out.resolve("metrics.jsonl")).get(0))
                .contains("\"trainAccuracy\":null");
        String html = java.nio.file.Files.readString(out.resolve("report.html"));
        assertThat(html).contains("test R²").contains("id=\"regression-metrics\"").doesNotContain("test accuracy")
                .doesNotContain("Confusion matrix").doesNotContain("Accuracy per epoch").contains("Loss per epoch");
        assertThat(out.resolve("report/loss.png")).exists();
        assertThat(out.resolve("report/confusion.png")).doesNotExist();

        // Under embedding.oov=unknown an unseen city is scored through the unknown row.
        Path report = dir.resolve("reg-unseen.json");
        CliRun e = run("evaluate", "--model", out.resolve("model").toString(), "--data",
                "csv:" + dir.resolve("unseen.csv"), "--out", report.toString(), "--master", "local[2]");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(JSON.readTree(report.toFile()).get("count").asDouble()).isEqualTo(20);

        Path predictions = dir.resolve("reg-pred");
        CliRun p = run("predict", "--model", out.resolve("model").toString(), "--data", "csv:" + dir.resolve("test.csv"),
                "--out", predictions.toString(), "--format", "csv", "--master", "local[2]");
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = csvLines(predictions);
        assertThat(lines.get(0)).isEqualTo("row,prediction");
        assertThat(lines).hasSize(201);
    }

    @Test
    void anUnseenCategoryAndAMissingColumnAreNamed() throws Exception {
        Path out = dir.resolve("err");
        CliRun t = run(train(out, "data.labelCol=label", "layers=auto,8,2", "activations=relu,softmax", "epochs=1"));
        assertThat(t.code()).as(t.err()).isZero();
        String model = out.resolve("model").toString();

        String unseen = dir.resolve("unseen.csv").toString();
        CliRun e = run("evaluate", "--model", model, "--data", "csv:" + unseen, "--out",
                dir.resolve("x.json").toString(), "--master", "local[2]");
        assertThat(e.code()).isNotZero();
        assertThat(e.err()).contains("dpnet: error: " + unseen + ": row 3, column 'city': value 'atlantis' is not in "
                + "the model's vocabulary of 5 values (trained with embedding.oov=error; embedding.oov=unknown maps "
                + "unseen values to a trained unknown row)");

        String noX2 = dir.resolve("no-x2.csv").toString();
        CliRun m = run("predict", "--model", model, "--data", "csv:" + noX2, "--out", dir.resolve("y").toString(),
                "--master", "local[2]");
        assertThat(m.code()).isNotZero();
        assertThat(m.err()).contains("dpnet: error: " + noX2 + ": column 'x2' (numeric) is missing; available: city, "
                + "shop, x1, text, w, label, y");
    }

    private static List<String> csvLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> l = Files.readAllLines(part);
                lines.addAll(lines.isEmpty() ? l : l.subList(1, l.size()));
            }
        }
        return lines;
    }
}
