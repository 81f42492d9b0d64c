package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.eval.Misclassification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MisclassifiedFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripsTheImagesAsTheGrayLevelsTheyWereLoadedFrom(@TempDir Path dir) throws Exception {
        List<Misclassification> samples = FakeRun.samples();
        Path file = dir.resolve("misclassified.json");
        MisclassifiedFile.write(new Configuration(), file.toString(), samples, FakeRun.SIDE, FakeRun.SIDE);

        List<MisclassifiedImage> read = MisclassifiedFile.read(new Configuration(), file.toString());
        assertThat(read).hasSameSizeAs(samples);
        for (int i = 0; i < samples.size(); i++) {
            Misclassification s = samples.get(i);
            MisclassifiedImage m = read.get(i);
            assertThat(List.of(m.index(), (long) m.label(), (long) m.predicted()))
                    .containsExactly(s.index(), (long) s.label(), (long) s.predicted());
            assertThat(m.confidence()).isEqualTo(Double.parseDouble(Float.toString(s.confidence())));
            assertThat(m.rows()).isEqualTo(FakeRun.SIDE);
            for (int p = 0; p < s.pixels().length; p++) {
                // Features are gray/255f, so gray levels come back exactly.
                assertThat(m.gray(p / FakeRun.SIDE, p % FakeRun.SIDE)).isEqualTo(Math.round(s.pixels()[p] * 255));
            }
        }
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.get("samples").get(0).get("confidence").toString()).isEqualTo("0.99");
    }

    @Test
    void grayLevelsAreClampedAndRounded() {
        assertThat(MisclassifiedFile.toGray(new float[] {-0.5f, 0f, 0.5f, 1f, 2f, Float.NaN}))
                .containsExactly(0, 0, (byte) 128, (byte) 255, (byte) 255, 0);
    }

    @Test
    void rejectsImagesOfTheWrongSize() {
        assertThatThrownBy(() -> MisclassifiedFile.toJson(FakeRun.samples(), 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample 100 has 16 features, not 3x3");
    }

    @Test
    void namesTheFileAndFieldOfEveryDefect() throws Exception {
        byte[] good = MisclassifiedFile.toJson(FakeRun.samples(), FakeRun.SIDE, FakeRun.SIDE);
        expectError(good, root -> root.put("format", "other"), "f.json: format: expected \"dpnet-misclassified\"");
        expectError(good, root -> root.put("formatVersion", 2), "f.json: format version 2 is newer");
        expectError(good, root -> sample(root).put("pixels", "AAAA"),
                "f.json: samples[0].pixels: expected 4x4 = 16 bytes but found 3");
        expectError(good, root -> sample(root).put("pixels", "!!"), "f.json: samples[0].pixels: not valid base64");
        expectError(good, root -> sample(root).put("confidence", 1.5),
                "f.json: samples[0].confidence: expected a probability in [0, 1] but found 1.5");
        expectError(good, root -> sample(root).put("rows", 0),
                "f.json: samples[0].rows: expected a positive integer but found 0");
        expectError(good, root -> sample(root).put("label", -1),
                "f.json: samples[0].label: expected a non-negative integer but found -1");
        assertThatThrownBy(() -> MisclassifiedFile.parse("f.json", "{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("f.json: not valid JSON");
    }

    private static ObjectNode sample(ObjectNode root) {
        return (ObjectNode) root.get("samples").get(0);
    }

    private static void expectError(byte[] good, Consumer<ObjectNode> damage, String message) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(good);
        damage.accept(root);
        assertThatThrownBy(() -> MisclassifiedFile.parse("f.json", JSON.writeValueAsBytes(root)))
                .isInstanceOf(ReportInputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void readsWhatAHandWrittenFileSays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        Files.writeString(file, """
                {"format": "dpnet-misclassified", "formatVersion": 1, "samples": [
                  {"index": 7, "label": 4, "predicted": 9, "confidence": 0.973, "rows": 1, "cols": 2, "pixels": "AP8="}]}
                """);
        MisclassifiedImage m = MisclassifiedFile.read(new Configuration(), file.toString()).get(0);
        assertThat(ImageGrid.caption(m)).isEqualTo("true 4 → predicted 9 (97.3%)");
        assertThat(new int[] {m.gray(0, 0), m.gray(0, 1)}).containsExactly(0, 255);
    }
}
