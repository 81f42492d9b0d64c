package io.dpnet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.model.AtomicPublish;
import io.dpnet.eval.Misclassification;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code misclassified.json}: the most confidently misclassified test images with their pixels,
 * so that {@code dpnet report} can draw them without Spark or the data set.
 *
 * <pre>{@code
 * {"format": "dpnet-misclassified", "formatVersion": 1,
 *  "pixelEncoding": "base64 of rows*cols uint8, row-major, 0 = background",
 *  "samples": [{"index": 1234, "label": 4, "predicted": 9, "confidence": 0.973,
 *               "rows": 28, "cols": 28, "pixels": "AAAA..."}, ...]}
 * }</pre>
 * Samples are strongest first. A 28×28 image costs about 1 KiB.
 */
public final class MisclassifiedFile {
    static final String FORMAT = "dpnet-misclassified";
    static final int FORMAT_VERSION = 1;
    static final String PIXEL_ENCODING = "base64 of rows*cols uint8, row-major, 0 = background";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String file;

    private MisclassifiedFile(String file) {
        this.file = file;
    }

    /**
     * Writes {@code samples} (features in [0, 1], as loaded from IDX) as images of {@code rows × cols}
     * to {@code file}, atomically, replacing an existing file.
     */
    public static void write(Configuration conf, String file, List<Misclassification> samples, int rows, int cols)
            throws IOException {
        byte[] bytes = toJson(samples, rows, cols);
        AtomicPublish.publishFile(conf, file, true, (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
        });
    }

    static byte[] toJson(List<Misclassification> samples, int rows, int cols) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("pixelEncoding", PIXEL_ENCODING);
        ArrayNode list = root.putArray("samples");
        for (Misclassification m : samples) {
            if (m.pixels().length != rows * cols) {
                throw new IllegalArgumentException("sample " + m.index() + " has " + m.pixels().length
                        + " features, not " + rows + "x" + cols);
            }
            list.addObject()
                    .put("index", m.index())
                    .put("label", m.label())
                    .put("predicted", m.predicted())
                    // The float's shortest decimal, not its double expansion (0.973, not 0.9729999899864197).
                    .put("confidence", Double.parseDouble(Float.toString(m.confidence())))
                    .put("rows", rows)
                    .put("cols", cols)
                    .put("pixels", Base64.getEncoder().encodeToString(toGray(m.pixels())));
        }
        try {
            byte[] json = JSON.writeValueAsBytes(root);
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new java.io.UncheckedIOException("cannot serialize a JSON tree", e);
        }
    }

    /** [0, 1] features back to the 0..255 gray levels they were loaded from (clamped, rounded). */
    static byte[] toGray(float[] features) {
        byte[] gray = new byte[features.length];
        for (int i = 0; i < features.length; i++) {
            float v = features[i];
            int g = Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
            gray[i] = (byte) g;
        }
        return gray;
    }

    public static List<MisclassifiedImage> read(Configuration conf, String file) throws IOException {
        return parse(file, RunDirectory.read(conf, file));
    }

    static List<MisclassifiedImage> parse(String file, byte[] json) throws ReportInputException {
        return new MisclassifiedFile(file).parse(json);
    }

    private List<MisclassifiedImage> parse(byte[] json) throws ReportInputException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw fail("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail("expected a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !FORMAT.equals(format.asText())) {
            throw fail("format: expected \"" + FORMAT + "\" but found " + (format == null ? "nothing" : format));
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isIntegralNumber() || version.intValue() < 1) {
            throw fail("formatVersion: expected a positive integer but found " + version);
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw fail("format version " + version.intValue() + " is newer than this dpnet supports ("
                    + FORMAT_VERSION + "); upgrade dpnet");
        }
        JsonNode samples = root.get("samples");
        if (samples == null || !samples.isArray()) {
            throw fail("samples: expected an array but found " + (samples == null ? "nothing" : "something else"));
        }
        List<MisclassifiedImage> images = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            String at = "samples[" + i + "]";
            JsonNode s = samples.get(i);
            if (!s.isObject()) {
                throw fail(at + ": expected an object");
            }
            int rows = positive(s, at, "rows");
            int cols = positive(s, at, "cols");
            JsonNode pixelsNode = s.get("pixels");
            if (pixelsNode == null || !pixelsNode.isTextual()) {
                throw fail(at + ".pixels: expected a base64 string");
            }
            byte[] pixels;
            try {
                pixels = Base64.getDecoder().decode(pixelsNode.textValue());
            } catch (IllegalArgumentException e) {
                throw fail(at + ".pixels: not valid base64: " + e.getMessage());
            }
            if (pixels.length != (long) rows * cols) {
                throw fail(at + ".pixels: expected " + rows + "x" + cols + " = " + rows * cols
                        + " bytes but found " + pixels.length);
            }
            images.add(new MisclassifiedImage(nonNegativeLong(s, at, "index"), (int) nonNegativeLong(s, at, "label"),
                    (int) nonNegativeLong(s, at, "predicted"), confidence(s, at), rows, cols, pixels));
        }
        return images;
    }

    private int positive(JsonNode o, String at, String key) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() <= 0) {
            throw fail(at + "." + key + ": expected a positive integer but found " + v);
        }
        return v.intValue();
    }

    private long nonNegativeLong(JsonNode o, String at, String key) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0
                || (!key.equals("index") && !v.canConvertToInt())) {
            throw fail(at + "." + key + ": expected a non-negative integer but found " + v);
        }
        return v.longValue();
    }

    private double confidence(JsonNode o, String at) throws ReportInputException {
        JsonNode v = o.get("confidence");
        if (v == null || !v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() <= 1)) {
            throw fail(at + ".confidence: expected a probability in [0, 1] but found " + v);
        }
        return v.doubleValue();
    }

    private ReportInputException fail(String message) {
        return new ReportInputException(file + ": " + message);
    }
}
