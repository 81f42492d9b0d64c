package io.dpnet.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.nn.Activation;
import io.dpnet.nn.DenseSpec;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Maps a {@link SavedModel} to {@code model.json} and back, validating every field on the way in.
 *
 * <p>Every error message starts with the file name and the JSON path of the offending field, and
 * says what was expected and what was found. Unknown extra fields are ignored, so later dpnet
 * versions can add information without bumping {@link #FORMAT_VERSION}; anything an old reader
 * would misinterpret needs a new version.
 */
final class ModelJson {
    static final String MODEL_FILE = "model.json";
    static final String WEIGHTS_FILE = "weights.bin";
    static final String FORMAT = "dpnet-model";
    /** The newest version written: 1 for a plain dense model, 2 for a block model ({@link BlockModelJson}). */
    static final int FORMAT_VERSION = 2;
    static final String DTYPE = "float32";
    static final String BYTE_ORDER = "little-endian";
    /** ModelSpec's own limit; checked here on 64-bit sums so huge layer sizes cannot overflow. */
    private static final long MAX_PARAMS = Integer.MAX_VALUE - 8;
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    static final ObjectMapper MAPPER = JsonMapper.builder()
            // A hand-edited file with a key twice would otherwise silently use the last one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** What {@code model.json} says; the weights themselves are read separately. */
    record Header(ModelSpec spec, String weightsSha256, SortedMap<String, String> trainingConfig,
            SortedMap<String, String> datasetChecksums, SortedMap<String, Object> metrics,
            SortedMap<String, String> provenance, BlockModelJson.Header block) {
    }

    private final String file;

    private ModelJson(String file) {
        this.file = file;
    }

    /** @param blockFiles the side files of a block model (null for a plain dense model, written as version 1) */
    static byte[] write(SavedModel model, SortedMap<String, String> provenance, String weightsSha256,
                        BlockModelJson.Files blockFiles) {
        ModelSpec spec = model.spec();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        // Plain dense models stay version 1, so older dpnet versions keep reading them.
        root.put("formatVersion", blockFiles == null ? 1 : FORMAT_VERSION);
        root.put("dpnetVersion", DpnetVersion.get());

        ObjectNode arch = root.putObject("architecture");
        arch.put("inputSize", spec.inputSize());
        arch.put("loss", spec.loss().label());
        arch.put("paramCount", spec.paramCount());
        ArrayNode layers = arch.putArray("layers");
        for (DenseSpec l : spec.layers()) {
            layers.addObject()
                    .put("type", "dense")
                    .put("inputs", l.inputs())
                    .put("outputs", l.outputs())
                    .put("activation", l.activation().toString());
        }

        root.putObject("weights")
                .put("file", WEIGHTS_FILE)
                .put("dtype", DTYPE)
                .put("byteOrder", BYTE_ORDER)
                .put("count", spec.paramCount())
                .put("sha256", weightsSha256);

        if (blockFiles != null) {
            BlockModelJson.write(root, model, blockFiles);
        }
        putStrings(root.putObject("trainingConfig"), model.trainingConfig());
        putStrings(root.putObject("datasetChecksums"), model.datasetChecksums());
        ObjectNode metrics = root.putObject("metrics");
        model.metrics().forEach((k, v) -> {
            if (v instanceof Long l) {
                metrics.put(k, l);
            } else {
                metrics.put(k, (Double) v);
            }
        });
        putStrings(root.putObject("provenance"), provenance);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize a JSON tree", e);
        }
    }

    /**
     * Parses and validates {@code model.json}.
     *
     * @param file the name to use in error messages, e.g. {@code hdfs:///models/m1/model.json}
     */
    static Header read(String file, byte[] json) throws ModelFormatException {
        return new ModelJson(file).read(json);
    }

    private Header read(byte[] json) throws ModelFormatException {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw fail("expected a JSON object but found " + found(root));
        }
        String format = text(root, "", "format");
        if (!FORMAT.equals(format)) {
            throw fail("format: expected \"" + FORMAT + "\" but found " + found(root.get("format")));
        }
        int version = positiveInt(root, "", "formatVersion");
        if (version > FORMAT_VERSION) {
            throw fail("format version " + version + " is newer than this dpnet supports (" + FORMAT_VERSION
                    + "); upgrade dpnet");
        }
        ModelSpec spec = architecture(object(root, "", "architecture"));
        String sha256 = weights(object(root, "", "weights"), spec);
        // Version 1 has no input block; a version-2 file without one is a plain dense model too.
        BlockModelJson.Header block = version >= 2 && root.has("input") ? new BlockModelJson(this).read(root, spec) : null;
        return new Header(spec, sha256,
                strings(object(root, "", "trainingConfig"), "trainingConfig"),
                strings(object(root, "", "datasetChecksums"), "datasetChecksums"),
                numbers(object(root, "", "metrics"), "metrics"),
                strings(object(root, "", "provenance"), "provenance"), block);
    }

    private JsonNode parse(byte[] json) throws ModelFormatException {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // Jackson names the source as "REDACTED (...)" in nested locations; it is just noise here.
            String why = e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[");
            throw new ModelFormatException(file + ": not valid JSON" + where + ": " + why, e);
        } catch (IOException e) {
            // Not I/O (the bytes are in memory) but decoding: Jackson guesses UTF-8/16/32 from the
            // first four bytes, and a file starting with zero bytes taken for UTF-32 fails with a
            // CharConversionException, which is not a JsonProcessingException.
            throw new ModelFormatException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private ModelSpec architecture(JsonNode arch) throws ModelFormatException {
        int inputSize = positiveInt(arch, "architecture", "inputSize");
        LossKind loss = parsed(arch, "architecture", "loss", LossKind::parse);
        int paramCount = positiveInt(arch, "architecture", "paramCount");
        JsonNode layersNode = field(arch, "architecture", "layers");
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw fail("architecture.layers: expected a non-empty array but found " + found(layersNode));
        }
        List<DenseSpec> layers = new ArrayList<>();
        int previousOutputs = inputSize;
        String previousName = "architecture.inputSize";
        long total = 0;
        for (int i = 0; i < layersNode.size(); i++) {
            String at = "architecture.layers[" + i + "]";
            JsonNode layer = layersNode.get(i);
            if (!layer.isObject()) {
                throw fail(at + ": expected an object but found " + found(layer));
            }
            String type = text(layer, at, "type");
            if (!type.equals("dense")) {
                throw fail(at + ".type: expected \"dense\" but found " + found(layer.get("type")));
            }
            int inputs = positiveInt(layer, at, "inputs");
            int outputs = positiveInt(layer, at, "outputs");
            Activation activation = parsed(layer, at, "activation", Activation::parse);
            if (inputs != previousOutputs) {
                throw fail(at + ".inputs: expected " + previousOutputs + " (" + previousName + ") but found "
                        + inputs);
            }
            total += (long) inputs * outputs + outputs;
            if (total > MAX_PARAMS) {
                throw fail(at + ": expected at most " + MAX_PARAMS + " parameters in total but layers[0.."
                        + i + "] already have " + total);
            }
            layers.add(new DenseSpec(inputs, outputs, activation));
            previousOutputs = outputs;
            previousName = at + ".outputs";
        }
        ModelSpec spec;
        try {
            spec = new ModelSpec(layers, loss);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": architecture: " + e.getMessage(), e);
        }
        if (paramCount != spec.paramCount()) {
            throw fail("architecture.paramCount: expected " + spec.paramCount() + " (from the layer sizes) but found "
                    + paramCount);
        }
        return spec;
    }

    /** Validates the weights description against the architecture; returns the expected sha256. */
    private String weights(JsonNode weights, ModelSpec spec) throws ModelFormatException {
        expectText(weights, "weights", "file", WEIGHTS_FILE);
        expectText(weights, "weights", "dtype", DTYPE);
        expectText(weights, "weights", "byteOrder", BYTE_ORDER);
        int count = positiveInt(weights, "weights", "count");
        if (count != spec.paramCount()) {
            throw fail("weights.count: expected " + spec.paramCount() + " (architecture.paramCount) but found "
                    + count);
        }
        String sha256 = text(weights, "weights", "sha256");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw fail("weights.sha256: expected 64 lowercase hex digits but found " + found(weights.get("sha256")));
        }
        return sha256;
    }

    private SortedMap<String, String> strings(JsonNode obj, String at) throws ModelFormatException {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (!e.getValue().isTextual()) {
                throw fail(at + "." + e.getKey() + ": expected a string but found " + found(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private SortedMap<String, Object> numbers(JsonNode obj, String at) throws ModelFormatException {
        SortedMap<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            JsonNode v = e.getValue();
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                out.put(e.getKey(), v.longValue());
            } else if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
                out.put(e.getKey(), v.doubleValue());
            } else {
                throw fail(at + "." + e.getKey() + ": expected a finite number but found " + found(v));
            }
        }
        return out;
    }

    JsonNode field(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = obj.get(name);
        if (v == null) {
            throw fail("missing field " + path(at, name));
        }
        return v;
    }

    JsonNode object(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = field(obj, at, name);
        if (!v.isObject()) {
            throw fail(path(at, name) + ": expected an object but found " + found(v));
        }
        return v;
    }

    String text(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = field(obj, at, name);
        if (!v.isTextual()) {
            throw fail(path(at, name) + ": expected a string but found " + found(v));
        }
        return v.textValue();
    }

    void expectText(JsonNode obj, String at, String name, String expected) throws ModelFormatException {
        if (!expected.equals(text(obj, at, name))) {
            throw fail(path(at, name) + ": expected \"" + expected + "\" but found " + found(obj.get(name)));
        }
    }

    int positiveInt(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = field(obj, at, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() <= 0) {
            throw fail(path(at, name) + ": expected a positive integer but found " + found(v));
        }
        return v.intValue();
    }

    /** Parses a string field with one of the nn parsers, keeping their explanation of what is valid. */
    <T> T parsed(JsonNode obj, String at, String name, Function<String, T> parser)
            throws ModelFormatException {
        String s = text(obj, at, name);
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + path(at, name) + ": " + e.getMessage(), e);
        }
    }

    ModelFormatException fail(String message) {
        return new ModelFormatException(file + ": " + message);
    }

    private static String path(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    /** The offending value as JSON, shortened so a stray huge value cannot flood the message. */
    static String found(JsonNode v) {
        String s = v.isMissingNode() ? "nothing" : v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static void putStrings(ObjectNode node, Map<String, String> map) {
        map.forEach(node::put);
    }
}
