package io.dpnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();

    /** 4 → 3 relu → 2 softmax: 4·3+3 + 3·2+2 = 23 parameters. */
    static ModelSpec tinySpec() {
        return ModelSpec.of(new int[] {4, 3, 2}, List.of(Activation.RELU, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
    }

    /** Distinct values, including ones a lossy encoding would change (−0, subnormal, extremes). */
    static float[] params(int n) {
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (i - n / 2) * 0.1f + 1e-3f * (i % 7);
        }
        p[0] = -0.0f;
        p[1] = Float.MIN_VALUE;
        p[2] = -Float.MAX_VALUE;
        p[3] = 1.0000001f;
        return p;
    }

    static SavedModel tinyModel() {
        ModelSpec spec = tinySpec();
        return SavedModel.builder(spec, params(spec.paramCount()))
                .trainingConfig(Map.of("optimizer", "adam", "learningRate", "0.001", "epochs", "3"))
                .datasetChecksums(Map.of("train-images-idx3-ubyte", "ab".repeat(32)))
                .metrics(Map.of("testAccuracy", 0.9812, "trainLoss", 0.0634, "trainSamples", 60000L))
                .provenance(Map.of("master", "local[4]", "user", "ada"))
                .build();
    }

    private String save(SavedModel model) throws IOException {
        String dir = tmp.resolve("model").toString();
        ModelIo.save(conf, dir, model, false);
        return dir;
    }

    @Test
    void roundTripKeepsSpecParamsAndMetadataExactly() throws IOException {
        SavedModel original = tinyModel();
        SavedModel loaded = ModelIo.load(conf, save(original));

        assertThat(loaded.spec()).isEqualTo(original.spec());
        assertThat(bits(loaded.params())).containsExactly(bits(original.params()));
        assertThat(loaded.trainingConfig()).isEqualTo(original.trainingConfig());
        assertThat(loaded.datasetChecksums()).isEqualTo(original.datasetChecksums());
        assertThat(loaded.metrics()).containsExactlyEntriesOf(original.metrics());
        assertThat(loaded.provenance()).containsAllEntriesOf(original.provenance());
    }

    @Test
    void modelLargerThanOneIoChunkRoundTripsThroughFileUri() throws IOException {
        ModelSpec spec = ModelSpec.of(new int[] {300, 300, 10},
                List.of(Activation.leakyRelu(0.05f), Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        float[] p = params(spec.paramCount());
        String dir = tmp.resolve("big").toUri().toString();
        assertThat(dir).startsWith("file:");

        ModelIo.save(conf, dir, SavedModel.builder(spec, p).build(), false);
        SavedModel loaded = ModelIo.load(conf, dir);

        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(bits(loaded.params())).containsExactly(bits(p));
    }

    @Test
    void modelJsonIsPrettyAndDescribesTheModel() throws IOException {
        String dir = save(tinyModel());
        String text = Files.readString(Path.of(dir, "model.json"));
        JsonNode json = JSON.readTree(text);

        assertThat(text.lines().count()).as("pretty-printed").isGreaterThan(20);
        assertThat(fieldNames(json)).containsExactly("format", "formatVersion", "dpnetVersion", "architecture",
                "weights", "trainingConfig", "datasetChecksums", "metrics", "provenance");
        assertThat(json.get("format").asText()).isEqualTo("dpnet-model");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(json.get("dpnetVersion").asText()).isEqualTo(DpnetVersion.get());

        JsonNode arch = json.get("architecture");
        assertThat(arch.get("inputSize").asInt()).isEqualTo(4);
        assertThat(arch.get("loss").asText()).isEqualTo("cross_entropy");
        assertThat(arch.get("paramCount").asInt()).isEqualTo(23);
        assertThat(arch.get("layers").toString()).isEqualTo(
                "[{\"type\":\"dense\",\"inputs\":4,\"outputs\":3,\"activation\":\"relu\"},"
                        + "{\"type\":\"dense\",\"inputs\":3,\"outputs\":2,\"activation\":\"softmax\"}]");

        JsonNode weights = json.get("weights");
        assertThat(weights.get("file").asText()).isEqualTo("weights.bin");
        assertThat(weights.get("dtype").asText()).isEqualTo("float32");
        assertThat(weights.get("byteOrder").asText()).isEqualTo("little-endian");
        assertThat(weights.get("count").asInt()).isEqualTo(23);
        assertThat(weights.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(Path.of(dir, "weights.bin"))));

        assertThat(fieldNames(json.get("trainingConfig"))).containsExactly("epochs", "learningRate", "optimizer");
        assertThat(json.get("metrics").get("testAccuracy").doubleValue()).isEqualTo(0.9812);
        assertThat(json.get("metrics").get("trainSamples").longValue()).isEqualTo(60000L);
        assertThat(json.get("provenance").get("user").asText()).isEqualTo("ada");
    }

    @Test
    void weightsBinIsJustLittleEndianFloat32() throws IOException {
        SavedModel model = tinyModel();
        byte[] bytes = Files.readAllBytes(Path.of(save(model), "weights.bin"));

        assertThat(bytes).hasSize(23 * 4);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = model.params();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(le.getFloat(4 * i))).as("float %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void saveAddsVersionAndTimestampToProvenanceUnlessGiven() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        SavedModel loaded = ModelIo.load(conf, save(SavedModel.builder(tinySpec(), params(23)).build()));

        assertThat(loaded.provenance()).containsEntry("dpnetVersion", DpnetVersion.get());
        assertThat(Instant.parse(loaded.provenance().get("createdAt"))).isBetween(before, Instant.now());

        String dir2 = tmp.resolve("model2").toString();
        Map<String, String> given = Map.of("dpnetVersion", "0.0.1", "createdAt", "2020-01-01T00:00:00Z");
        ModelIo.save(conf, dir2, SavedModel.builder(tinySpec(), params(23)).provenance(given).build(), false);
        assertThat(ModelIo.load(conf, dir2).provenance()).isEqualTo(given);
    }

    @Test
    void refusesToReplaceAnExistingModel() throws IOException {
        String dir = save(tinyModel());
        SavedModel other = SavedModel.builder(tinySpec(), new float[23]).build();

        assertThatThrownBy(() -> ModelIo.save(conf, dir, other, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(dir + " already exists (pass --overwrite to replace it)");
        assertThat(bits(ModelIo.load(conf, dir).params())).containsExactly(bits(tinyModel().params()));
        assertThat(children(tmp)).containsExactly("model");
    }

    @Test
    void overwriteReplacesTheModelAndLeavesNoTempDirectory() throws IOException {
        String dir = save(tinyModel());
        SavedModel other = SavedModel.builder(tinySpec(), new float[23]).build();

        ModelIo.save(conf, dir, other, true);

        assertThat(ModelIo.load(conf, dir).params()).containsOnly(0f);
        assertThat(children(tmp)).containsExactly("model");
        assertThat(children(Path.of(dir))).containsExactlyInAnyOrder("model.json", "weights.bin");
    }

    @Test
    void overwriteRefusesToDeleteADirectoryThatIsNotAModel() throws IOException {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "precious");

        assertThatThrownBy(() -> ModelIo.save(conf, home.toString(), tinyModel(), true))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(home + " exists but has no model.json; refusing to replace it");
        assertThat(children(home)).containsExactly("thesis.tex");
        assertThat(children(tmp)).containsExactly("home");
    }

    // ---- bad model directories: every one is a ModelFormatException with a precise message ----

    @Test
    void missingDirectory() {
        String dir = tmp.resolve("nope").toString();
        assertLoadFails(dir, dir + ": model directory does not exist");
    }

    @Test
    void fileInsteadOfDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("model.json"), "{}");
        assertLoadFails(file.toString(), file + ": expected a model directory but found a file");
    }

    @Test
    void missingModelJson() throws IOException {
        String dir = save(tinyModel());
        Files.delete(Path.of(dir, "model.json"));
        assertLoadFails(dir, dir + "/model.json: file not found");
    }

    @Test
    void missingWeights() throws IOException {
        String dir = save(tinyModel());
        Files.delete(Path.of(dir, "weights.bin"));
        assertLoadFails(dir, dir + "/weights.bin: file not found");
    }

    @Test
    void trailingSlashIsNotRepeatedInMessages() throws IOException {
        String dir = save(tinyModel());
        Files.delete(Path.of(dir, "weights.bin"));
        assertLoadFails(dir + "/", dir + "/weights.bin: file not found");
    }

    @Test
    void modelJsonThatIsNotJson() throws IOException {
        String dir = save(tinyModel());
        Files.writeString(Path.of(dir, "model.json"), "{\n  \"format\": \"dpnet-model\",\n  oops\n}\n");
        assertLoadFails(dir, dir + "/model.json: not valid JSON at line 3, column 3: Unexpected character "
                + "('o' (code 111)): was expecting double-quote to start field name");
    }

    @Test
    void truncatedModelJson() throws IOException {
        String dir = save(tinyModel());
        Files.writeString(Path.of(dir, "model.json"), "{\"format\": \"dpnet-model\"");
        assertLoadFails(dir, dir + "/model.json: not valid JSON at line 1, column 25: Unexpected end-of-input: "
                + "expected close marker for Object (start marker at [line: 1, column: 1])");
    }

    @Test
    void modelJsonWithDuplicateKey() throws IOException {
        String dir = save(tinyModel());
        Files.writeString(Path.of(dir, "model.json"), "{\"format\": \"dpnet-model\", \"format\": \"x\"}");
        assertLoadFails(dir, dir + "/model.json: not valid JSON at line 1, column 35: Duplicate field 'format'");
    }

    @Test
    void modelJsonThatIsNotAnObject() throws IOException {
        String dir = save(tinyModel());
        Files.writeString(Path.of(dir, "model.json"), "[1, 2]");
        assertLoadFails(dir, dir + "/model.json: expected a JSON object but found [1,2]");
    }

    @Test
    void emptyModelJson() throws IOException {
        String dir = save(tinyModel());
        Files.writeString(Path.of(dir, "model.json"), "");
        assertLoadFails(dir, dir + "/model.json: expected a JSON object but found nothing");
    }

    @Test
    void wrongFormatName() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> j.put("format", "keras"));
        assertLoadFails(dir, dir + "/model.json: format: expected \"dpnet-model\" but found \"keras\"");
    }

    @Test
    void newerFormatVersion() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> j.put("formatVersion", 3));
        assertLoadFails(dir,
                dir + "/model.json: format version 3 is newer than this dpnet supports (2); upgrade dpnet");
    }

    @Test
    void missingSection() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> j.remove("architecture"));
        assertLoadFails(dir, dir + "/model.json: missing field architecture");
    }

    @Test
    void missingLayerField() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 1).remove("outputs"));
        assertLoadFails(dir, dir + "/model.json: missing field architecture.layers[1].outputs");
    }

    @Test
    void layerSizeOfWrongType() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 0).put("outputs", "3"));
        assertLoadFails(dir,
                dir + "/model.json: architecture.layers[0].outputs: expected a positive integer but found \"3\"");
    }

    @Test
    void unknownLayerType() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 0).put("type", "conv2d"));
        assertLoadFails(dir, dir + "/model.json: architecture.layers[0].type: expected \"dense\" but found \"conv2d\"");
    }

    @Test
    void unknownActivation() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 0).put("activation", "swish"));
        assertThatThrownBy(() -> ModelIo.load(conf, dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(
                        dir + "/model.json: architecture.layers[0].activation: unknown activation 'swish'");
    }

    @Test
    void unknownLoss() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> ((ObjectNode) j.get("architecture")).put("loss", "hinge"));
        assertThatThrownBy(() -> ModelIo.load(conf, dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(dir + "/model.json: architecture.loss: unknown loss 'hinge'");
    }

    @Test
    void changedLayerSizeNoLongerChains() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 0).put("outputs", 5));
        assertLoadFails(dir, dir + "/model.json: architecture.layers[1].inputs: expected 5 "
                + "(architecture.layers[0].outputs) but found 3");
    }

    @Test
    void firstLayerMustTakeTheInputSize() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> ((ObjectNode) j.get("architecture")).put("inputSize", 5));
        assertLoadFails(dir, dir + "/model.json: architecture.layers[0].inputs: expected 5 (architecture.inputSize) "
                + "but found 4");
    }

    @Test
    void consistentlyResizedLayersNoLongerMatchParamCount() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> {
            layer(j, 0).put("outputs", 5);
            layer(j, 1).put("inputs", 5);
        });
        // 4·5+5 + 5·2+2 = 37
        assertLoadFails(dir,
                dir + "/model.json: architecture.paramCount: expected 37 (from the layer sizes) but found 23");
    }

    @Test
    void hugeLayersAreRejectedBeforeAnyArithmeticOverflows() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> {
            layer(j, 0).put("outputs", 100_000);
            layer(j, 1).put("inputs", 100_000).put("outputs", 100_000);
        });
        long total = 4L * 100_000 + 100_000 + 100_000L * 100_000 + 100_000;
        assertLoadFails(dir, dir + "/model.json: architecture.layers[1]: expected at most 2147483639 parameters in "
                + "total but layers[0..1] already have " + total);
    }

    @Test
    void architectureThatModelSpecRejects() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> layer(j, 1).put("activation", "relu"));
        assertLoadFails(dir, dir + "/model.json: architecture: cross_entropy needs a softmax output layer, "
                + "but the last layer uses relu");
    }

    @Test
    void weightsCountThatDoesNotMatchTheArchitecture() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> weights(j).put("count", 24));
        assertLoadFails(dir, dir + "/model.json: weights.count: expected 23 (architecture.paramCount) but found 24");
    }

    @Test
    void unsupportedDtype() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> weights(j).put("dtype", "float16"));
        assertLoadFails(dir, dir + "/model.json: weights.dtype: expected \"float32\" but found \"float16\"");
    }

    @Test
    void malformedSha256() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> weights(j).put("sha256", "ABC"));
        assertLoadFails(dir, dir + "/model.json: weights.sha256: expected 64 lowercase hex digits but found \"ABC\"");
    }

    @Test
    void nonNumericMetric() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> ((ObjectNode) j.get("metrics")).put("testAccuracy", "high"));
        assertLoadFails(dir, dir + "/model.json: metrics.testAccuracy: expected a finite number but found \"high\"");
    }

    @Test
    void nonStringConfigValue() throws IOException {
        String dir = save(tinyModel());
        editJson(dir, j -> ((ObjectNode) j.get("trainingConfig")).put("epochs", 3));
        assertLoadFails(dir, dir + "/model.json: trainingConfig.epochs: expected a string but found 3");
    }

    @Test
    void truncatedWeights() throws IOException {
        String dir = save(tinyModel());
        Path w = Path.of(dir, "weights.bin");
        Files.write(w, Arrays.copyOf(Files.readAllBytes(w), 50));
        assertLoadFails(dir, dir + "/weights.bin: expected 92 bytes (23 float32) but found 50");
    }

    @Test
    void weightsWithTrailingBytes() throws IOException {
        String dir = save(tinyModel());
        Path w = Path.of(dir, "weights.bin");
        Files.write(w, Arrays.copyOf(Files.readAllBytes(w), 96));
        assertLoadFails(dir, dir + "/weights.bin: expected 92 bytes (23 float32) but found 96");
    }

    @Test
    void corruptedWeightsFailTheChecksum() throws IOException {
        String dir = save(tinyModel());
        Path w = Path.of(dir, "weights.bin");
        byte[] bytes = Files.readAllBytes(w);
        String expected = sha256(bytes);
        bytes[40] ^= 1;
        Files.write(w, bytes);
        assertLoadFails(dir, dir + "/weights.bin: expected sha256 " + expected + " (from model.json) but found "
                + sha256(bytes));
    }

    @Test
    void nonFiniteWeightIsRejectedWithItsIndex() throws IOException {
        String dir = save(tinyModel());
        Path w = Path.of(dir, "weights.bin");
        byte[] bytes = Files.readAllBytes(w);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 7, Float.NaN)
                .putFloat(4 * 9, Float.POSITIVE_INFINITY);
        Files.write(w, bytes);
        // A writer that recorded the checksum of the bad weights: only the values are wrong.
        editJson(dir, j -> weights(j).put("sha256", sha256(bytes)));
        assertLoadFails(dir, dir + "/weights.bin: expected finite weights but weight 7 is NaN");
    }

    private void assertLoadFails(String dir, String message) {
        assertThatThrownBy(() -> ModelIo.load(conf, dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(message);
    }

    private static void editJson(String dir, Consumer<ObjectNode> edit) throws IOException {
        Path file = Path.of(dir, "model.json");
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(json);
        JSON.writeValue(file.toFile(), json);
    }

    private static ObjectNode layer(ObjectNode json, int i) {
        return (ObjectNode) json.get("architecture").get("layers").get(i);
    }

    private static ObjectNode weights(ObjectNode json) {
        return (ObjectNode) json.get("weights");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
