package io.dpnet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.model.ModelFormatException;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.hadoop.conf.Configuration;

/**
 * Fuzzes {@link ModelIo#load} with corrupted copies of a small valid model directory: byte flips,
 * overwrites, truncations and junk in {@code model.json} and {@code weights.bin}, and token-level
 * edits of {@code model.json} (numbers, strings and key names replaced, tokens and members
 * deleted). A load must either succeed with a consistent model or fail with
 * {@link ModelFormatException} whose message starts with the file it is about; nothing else may
 * escape, and no try may allocate much (an edit can declare billions of parameters).
 *
 * <p>Seeds are fixed so a CI failure reproduces exactly; change a seed to explore new inputs.
 */
class ModelFuzzTest {
    /** Far above what one load of this 35-parameter model needs, far below a declared 2^31 floats. */
    private static final long ALLOCATION_LIMIT = 32L << 20;

    /**
     * Byte strings that steer a JSON parser: zero bytes and byte order marks (Jackson guesses
     * UTF-8/16/32 from the first four bytes), malformed and over-long UTF-8, comment and escape
     * starts, structural characters.
     */
    private static final String[] JSON_DICTIONARY = {"00", "0000", "000000", "00000000", "feff", "fffe", "0000feff",
        "fffe0000", "efbbbf", "c0", "c080", "eda080", "f4908080", "ff", "2f2a", "2f2f", "5c75", "5c7564383030", "22",
        "7b", "7d", "5b", "5d", "2c", "3a", "2d", "30", "2e", "65", "4e614e"};

    private static final Configuration CONF = new Configuration();

    private static Path root;
    private static Path modelDir;
    private static byte[] validJson;
    private static byte[] validWeights;
    /** Every string in the valid model.json: keys and values to swap in for one another. */
    private static List<String> names;

    @BeforeContainer
    static void saveValidModel() throws IOException {
        root = Files.createTempDirectory("dpnet-model-fuzz");
        // A parameterized and two plain activations; metrics of both kinds (long and double).
        ModelSpec spec = ModelSpec.of(new int[] {4, 3, 3, 2},
                List.of(Activation.leakyRelu(0.1f), Activation.TANH, Activation.SOFTMAX), LossKind.CROSS_ENTROPY);
        float[] params = new float[spec.paramCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (i - 20) * 0.037f;
        }
        SavedModel model = SavedModel.builder(spec, params)
                .trainingConfig(Map.of("optimizer", "adam", "learningRate", "0.001", "epochs", "3"))
                .datasetChecksums(Map.of("train-images-idx3-ubyte", "ab".repeat(32)))
                .metrics(Map.of("testAccuracy", 0.9812, "trainSamples", 60000L))
                .provenance(Map.of("master", "local[4]"))
                .build();
        Path valid = root.resolve("valid");
        ModelIo.save(CONF, valid.toString(), model, false);
        validJson = Files.readAllBytes(valid.resolve("model.json"));
        validWeights = Files.readAllBytes(valid.resolve("weights.bin"));
        names = JsonEdit.strings(new String(validJson, StandardCharsets.UTF_8)).stream().distinct().toList();
        modelDir = Files.createDirectory(root.resolve("model"));
        // Loads Jackson and Hadoop classes outside any measured try.
        write(validJson, validWeights);
        ModelIo.load(CONF, modelDir.toString());
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 1000, seed = "4471902")
    void byteCorruptedModelJsonLoadsOrFailsWithModelFormatException(
            @ForAll("jsonByteMutations") List<ByteMutation> mutations) throws IOException {
        byte[] json = ByteMutation.applyAll(mutations, validJson);
        write(json, validWeights);
        loadOrFailCleanly();
    }

    @Property(tries = 1000, seed = "90210553")
    void editedModelJsonLoadsOrFailsWithModelFormatException(@ForAll("jsonEdits") List<JsonEdit> edits)
            throws IOException {
        String json = new String(validJson, StandardCharsets.UTF_8);
        for (JsonEdit e : edits) {
            json = e.apply(json);
        }
        write(json.getBytes(StandardCharsets.UTF_8), validWeights);
        loadOrFailCleanly();
    }

    @Property(tries = 300, seed = "1234567")
    void corruptedWeightsAreAlwaysRejected(@ForAll("weightMutations") List<ByteMutation> mutations)
            throws IOException {
        byte[] weights = ByteMutation.applyAll(mutations, validWeights);
        write(validJson, weights);
        Outcome outcome = loadOrFailCleanly();
        // sha256 in model.json covers every byte: any change must be caught, no change must pass.
        assertThat(outcome.loaded()).isEqualTo(Arrays.equals(weights, validWeights));
    }

    /**
     * Found by the byte property ({@code Splice[at=0, hex=000000]}): Jackson read the file as
     * UTF-32 and its CharConversionException escaped as an UncheckedIOException.
     */
    @Example
    void modelJsonThatJacksonTakesForUtf32IsNotValidJson() throws IOException {
        String dir = modelDir.toString();
        for (String start : List.of("000000", "007b0000")) {
            write(new ByteMutation.Splice(0, start).apply(validJson), validWeights);

            assertThatThrownBy(() -> ModelIo.load(CONF, dir))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith(dir + "/model.json: not valid JSON: ")
                    .hasMessageContaining(start.equals("000000") ? "Invalid UTF-32 character" : "Unsupported UCS-4");
        }
    }

    private record Outcome(boolean loaded) {
    }

    /** Loads the model directory and checks the result is a consistent model or a clean failure. */
    private static Outcome loadOrFailCleanly() {
        String dir = modelDir.toString();
        long before = AllocationMeter.allocatedSoFar();
        SavedModel model;
        try {
            model = ModelIo.load(CONF, dir);
        } catch (IOException e) {
            assertThat(AllocationMeter.allocatedSoFar() - before).as("bytes allocated by load")
                    .isLessThan(ALLOCATION_LIMIT);
            assertThat(e).isInstanceOf(ModelFormatException.class);
            assertThat(e.getMessage()).matches(
                    m -> m.startsWith(dir + "/model.json: ") || m.startsWith(dir + "/weights.bin: "),
                    "starts with the path of model.json or weights.bin");
            Statistics.label("outcome").collect(problem(e.getMessage()));
            return new Outcome(false);
        }
        assertThat(AllocationMeter.allocatedSoFar() - before).as("bytes allocated by load")
                .isLessThan(ALLOCATION_LIMIT);
        float[] params = model.params();
        assertThat(params).hasSize(model.spec().paramCount());
        for (float p : params) {
            assertThat(Float.isFinite(p)).isTrue();
        }
        Statistics.label("outcome").collect("loaded");
        return new Outcome(true);
    }

    /** E.g. "model.json: architecture.layers[#].inputs", the file and what is wrong, for the statistics. */
    private static String problem(String message) {
        String[] parts = message.substring(modelDir.toString().length() + 1).split(": ", 3);
        String kind = parts.length > 1 ? parts[0] + ": " + parts[1] : parts[0];
        kind = kind.replaceAll("[0-9a-f]{64}", "<sha256>").replaceAll("(?<![a-z0-9])\\d+", "#");
        return kind.length() > 70 ? kind.substring(0, 67) + "..." : kind;
    }

    private static void write(byte[] json, byte[] weights) throws IOException {
        Files.write(modelDir.resolve("model.json"), json);
        Files.write(modelDir.resolve("weights.bin"), weights);
    }

    @Provide
    Arbitrary<List<ByteMutation>> jsonByteMutations() {
        return ByteMutation.any(64, JSON_DICTIONARY).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<ByteMutation>> weightMutations() {
        return ByteMutation.any(16, "00000000", "0000c07f", "0000807f", "ffffffff", "00008000").list()
                .ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<JsonEdit>> jsonEdits() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 1000);
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("0", "-1", "1", "2", "3", "4", "5", "23", "24", "50", "51", "2147483647", "2147483648",
                        "-2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
                        "1e999", "-1e999", "1.5", "-0", "0.0", "1.0", "1e2", "4e0", "1E-400", "46341", "100000",
                        "0.1", "1e-45", "NaN", "Infinity", "01", "1.", "9".repeat(2000)),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
        List<String> strings = new ArrayList<>(names);
        strings.addAll(List.of("\"\"", "\"leaky_relu(2)\"", "\"leaky_relu(-0.5)\"", "\"leaky_relu(NaN)\"",
                "\"leaky_relu(0.5\"", "\"leaky_relu()\"", "\"LEAKY_RELU(0.2)\"", "\" relu \"", "\"relu\"", "\"mse\"",
                "\"sigmoid\"", "\"linear\"", "\"softmax\"", "\"dense\"", "\"conv2d\"", "\"float16\"", "\"big-endian\"",
                "\"../weights.bin\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\q\"", "\"" + "x".repeat(300) + "\"",
                "\"" + "AB".repeat(32) + "\"", "\"" + "0".repeat(64) + "\"", "\"dpnet-model\"", "\"1\""));
        Arbitrary<String> anything = Arbitraries.oneOf(numbers, Arbitraries.of(strings),
                Arbitraries.of("null", "true", "false", "[]", "{}", "[1]", "{\"a\":1}", "[{\"type\":\"dense\"}]",
                        "{", "}", "[", "]", ",", ":", "\"", "/*", "\u0000", "\uFEFF", "[".repeat(2000),
                        "[".repeat(1200) + "]".repeat(1200), "{\"a\":".repeat(1200) + "1" + "}".repeat(1200)));
        Arbitrary<JsonEdit> edit = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(which, numbers).as(JsonEdit.ReplaceNumber::new)),
                Tuple.of(3, Combinators.combine(which, Arbitraries.of(strings))
                        .as(JsonEdit.ReplaceString::new)),
                Tuple.of(1, Combinators.combine(which, anything).as(JsonEdit.ReplaceToken::new)),
                Tuple.of(1, which.map(JsonEdit.DeleteToken::new)),
                Tuple.of(2, which.map(JsonEdit.DeleteMember::new)));
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }
}
