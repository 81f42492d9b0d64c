package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The report written from a fake run directory: its sections, pictures, tables and files. */
class ReportWriterTest {
    private static final List<String> CHARTS = List.of("loss.png", "accuracy.png", "learning-rate.png",
            "confusion.png");

    @TempDir
    static Path tmp;
    private static Path run;
    private static HtmlDoc html;

    @BeforeAll
    static void writeReport() throws Exception {
        run = tmp.resolve("run");
        FakeRun.write(run, true);
        String written = ReportWriter.write(new Configuration(), run.toString());
        assertThat(written).isEqualTo(run.resolve("report.html").toString());
        html = HtmlDoc.parse(run.resolve("report.html"));
    }

    @Test
    void hasEverySection() throws Exception {
        for (String id : List.of("summary", "curves", "evaluation", "misclassified", "epochs", "model", "config",
                "provenance")) {
            assertThat(html.all("//section[@id='" + id + "']/h2")).as(id).hasSize(1);
        }
    }

    @Test
    void embedsEveryPictureAsAPngDataUriAndNothingExternal() throws Exception {
        List<Element> images = html.all("//img");
        assertThat(images).hasSize(CHARTS.size() + FakeRun.MISCLASSIFIED);
        for (Element img : images) {
            BufferedImage decoded = HtmlDoc.decode(HtmlDoc.dataUriBytes(img.getAttribute("src")));
            // Charts are drawn at twice their layout size; tiles at exactly their size.
            int scale = decoded.getWidth() / Integer.parseInt(img.getAttribute("width"));
            assertThat(scale).isIn(1, ReportCharts.SCALE);
            assertThat(decoded.getHeight()).isEqualTo(scale * Integer.parseInt(img.getAttribute("height")));
            assertThat(img.getAttribute("alt")).isNotBlank();
        }
        assertThat(html.all("//script | //link | //iframe | //object | //embed")).isEmpty();
        assertThat(html.all("//*[@href]")).isEmpty();
        assertThat(html.all("//*[@src and not(starts-with(@src, 'data:'))]")).isEmpty();
        String css = html.one("//style").getTextContent();
        assertThat(css).doesNotContain("url(").doesNotContain("@import");
    }

    @Test
    void chartFilesAreTheEmbeddedChartsAtTheirDocumentedSizes() throws Exception {
        List<byte[]> embedded = new ArrayList<>();
        for (Element img : html.all("//section[@id='curves' or @id='evaluation']//img")) {
            embedded.add(HtmlDoc.dataUriBytes(img.getAttribute("src")));
        }
        assertThat(embedded).hasSize(CHARTS.size());
        int s = ReportCharts.SCALE;
        int confusion = ReportCharts.confusionSize(FakeRun.CLASSES) * s;
        int[][] sizes = {
            {ReportCharts.CURVE_WIDTH * s, ReportCharts.CURVE_HEIGHT * s},
            {ReportCharts.CURVE_WIDTH * s, ReportCharts.CURVE_HEIGHT * s},
            {ReportCharts.WIDE_WIDTH * s, ReportCharts.WIDE_HEIGHT * s},
            {confusion, confusion}};
        for (int i = 0; i < CHARTS.size(); i++) {
            Path file = run.resolve("report").resolve(CHARTS.get(i));
            byte[] png = Files.readAllBytes(file);
            BufferedImage image = HtmlDoc.decode(png);
            assertThat(new int[] {image.getWidth(), image.getHeight()}).as(file.toString()).containsExactly(sizes[i]);
            assertThat(png).as(file + " is the chart the page shows").isEqualTo(embedded.get(i));
        }
        BufferedImage grid = HtmlDoc.decode(Files.readAllBytes(run.resolve("report/misclassified.png")));
        // Five 112-pixel tiles side by side, plus captions below them.
        assertThat(grid.getWidth()).isGreaterThan(5 * ImageGrid.TARGET_SIDE);
        assertThat(grid.getHeight()).isGreaterThan(ImageGrid.TARGET_SIDE);
    }

    @Test
    void perClassTableShowsEvalJsonValues() throws Exception {
        JsonNode eval = new ObjectMapper().readTree(run.resolve("eval.json").toFile());
        List<List<String>> rows = html.bodyRows("per-class");
        assertThat(rows).hasSize(FakeRun.CLASSES);
        for (int c = 0; c < FakeRun.CLASSES; c++) {
            JsonNode e = eval.get("perClass").get(c);
            assertThat(rows.get(c)).containsExactly(Integer.toString(c), fixed4(e.get("precision").asDouble()),
                    fixed4(e.get("recall").asDouble()), fixed4(e.get("f1").asDouble()),
                    Long.toString(e.get("support").asLong()));
        }
        // Not a tautology of the formatter: the fixture's class 1 has 40 of 50 right.
        assertThat(rows.get(1).get(2)).isEqualTo("0.8000");
        assertThat(html.one("//section[@id='summary']").getTextContent())
                .contains(String.format(Locale.ROOT, "%.2f%%", eval.get("accuracy").asDouble() * 100));
    }

    @Test
    void showsConfigProvenanceAndChecksumsEscaped() throws Exception {
        List<List<String>> config = html.bodyRows("config-table");
        assertThat(config.stream().map(r -> r.get(0))).containsExactlyInAnyOrderElementsOf(
                FakeRun.trainingConfig().keySet());
        assertThat(config).contains(List.of("data.dir", "/data/<mnist> & co"), List.of("learningRate", "0.01"));
        assertThat(html.bodyRows("provenance-table")).contains(List.of("note", FakeRun.NASTY));
        assertThat(html.bodyRows("checksums-table")).containsExactly(List.of("t10k-images-idx3-ubyte",
                "ab".repeat(32)));
        assertThat(html.all("//script")).as("markup in the run's files stays text").isEmpty();
        assertThat(html.bodyRows("final-metrics")).contains(List.of("bestEpoch", "3"), List.of("testAccuracy", "0.9"));
    }

    @Test
    void saysWhichEpochTheModelCameFrom() throws Exception {
        assertThat(html.one("//p[@id='model-epoch']").getTextContent())
                .contains("from epoch " + FakeRun.BEST_EPOCH + " of " + FakeRun.EPOCHS + ", the best epoch")
                .contains("stopped early");
    }

    @Test
    void aModelFromTheLastEpochIsCalledThat(@TempDir Path dir) throws Exception {
        FakeRun.write(dir, false, FakeRun.EPOCHS);
        ReportWriter.write(new Configuration(), dir.toString());
        assertThat(HtmlDoc.parse(dir.resolve("report.html")).one("//p[@id='model-epoch']").getTextContent())
                .isEqualTo("The saved model is from the final epoch (" + FakeRun.EPOCHS + ").");
    }

    @Test
    void epochTableHasValidationColumnsAndMarksEpochsWithoutTestFigures() throws Exception {
        List<String> head = html.all("//table[@id='epoch-table']/thead/tr/th").stream()
                .map(Element::getTextContent).toList();
        assertThat(head).contains("val. loss", "val. acc.", "test acc.");
        List<List<String>> rows = html.bodyRows("epoch-table");
        assertThat(rows).hasSize(FakeRun.EPOCHS);
        int testAcc = head.indexOf("test acc.");
        assertThat(rows.get(1).get(testAcc)).isEqualTo("n/a");
        assertThat(rows.get(0).get(testAcc)).isEqualTo("74.00%");
        assertThat(rows.get(0).get(head.indexOf("val. acc."))).isEqualTo("70.00%");
    }

    @Test
    void captionsTheMisclassifiedImagesMostConfidentFirst() throws Exception {
        List<String> captions = html.all("//section[@id='misclassified']//figcaption").stream()
                .map(Element::getTextContent).toList();
        assertThat(captions).hasSize(FakeRun.MISCLASSIFIED);
        assertThat(captions.get(0)).isEqualTo("true 0 → predicted 1 (99.0%)test sample #100");
        assertThat(captions.get(4)).startsWith("true 1 → predicted 2 (59.0%)");
    }

    @Test
    void architectureTableListsTheLayers() throws Exception {
        assertThat(html.bodyRows("architecture")).containsExactly(
                List.of("1", "dense", "16", "8", "relu", "136"),
                List.of("2", "dense", "8", "3", "softmax", "27"));
    }

    @Test
    void withoutMisclassifiedJsonTheReportSaysSoAndDrawsNoGrid(@TempDir Path dir) throws Exception {
        FakeRun.write(dir, false);
        ReportWriter.write(new Configuration(), dir.toString());
        HtmlDoc doc = HtmlDoc.parse(dir.resolve("report.html"));
        assertThat(doc.all("//img")).hasSize(CHARTS.size());
        assertThat(doc.one("//section[@id='misclassified']").getTextContent()).contains("no misclassified.json");
        try (Stream<Path> files = Files.list(dir.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(CHARTS);
        }
    }

    @Test
    void regeneratingReplacesTheReportAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        FakeRun.write(dir, true);
        ReportWriter.write(new Configuration(), dir.toString());
        Files.delete(dir.resolve("misclassified.json"));
        ReportWriter.write(new Configuration(), dir.toString());
        assertThat(HtmlDoc.parse(dir.resolve("report.html")).all("//img")).hasSize(CHARTS.size());
        assertThat(dir.resolve("report/misclassified.png")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model",
                    "metrics.jsonl", "eval.json", "report.html", "report");
        }
    }

    @Test
    void aMissingInputFileIsNamed(@TempDir Path dir) throws Exception {
        FakeRun.write(dir, true);
        Files.delete(dir.resolve("eval.json"));
        assertThatThrownBy(() -> ReportWriter.write(new Configuration(), dir.toString()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(dir.resolve("eval.json").toString())
                .hasMessageContaining("file not found");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void aMalformedMetricsLineIsNamed(@TempDir Path dir) throws Exception {
        FakeRun.write(dir, true);
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"epoch\":1,\"trainLoss\":0.5}\n{\"epoch\":2,\"trainLoss\":\"x\"}\n");
        assertThatThrownBy(() -> ReportWriter.write(new Configuration(), dir.toString()))
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("metrics.jsonl line 2")
                .hasMessageContaining("\"trainLoss\": expected a number or null but found \"x\"");
    }

    private static String fixed4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
