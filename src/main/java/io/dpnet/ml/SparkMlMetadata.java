package io.dpnet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Spark ML's per-stage metadata — class, uid, Spark version and params as JSON — in the file
 * Spark's own {@code DefaultParamsWriter} writes ({@code metadata/part-00000}, one line), so that
 * a {@code PipelineModel} finds our class when it loads its stages, while a model directory stays
 * a plain dpnet model directory for the CLI (which ignores {@code metadata/}).
 */
final class SparkMlMetadata {
    static final String DIR = "metadata";
    static final String FILE = "part-00000";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a metadata file says: the uid and the explicitly set params as JSON values. */
    record Contents(String className, String uid, Map<String, JsonNode> params) {
        /** Sets the params on {@code instance} (whose class must be the recorded one). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void applyTo(Params instance) {
            for (Map.Entry<String, JsonNode> e : params.entrySet()) {
                if (!instance.hasParam(e.getKey())) {
                    throw new IllegalArgumentException(className + " has no param '" + e.getKey()
                            + "' (saved by a different version?)");
                }
                Param param = instance.getParam(e.getKey());
                instance.set(param, param.jsonDecode(e.getValue().toString()));
            }
        }
    }

    private SparkMlMetadata() {
    }

    /** Writes {@code instance}'s metadata under {@code dir}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void write(Params instance, FileSystem fs, Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("class", instance.getClass().getName());
        root.put("timestamp", System.currentTimeMillis());
        root.put("sparkVersion", ActiveSpark.sparkVersion());
        root.put("uid", instance.uid());
        ObjectNode set = root.putObject("paramMap");
        ObjectNode defaults = root.putObject("defaultParamMap");
        for (Param param : instance.params()) {
            if (instance.isSet(param)) {
                set.set(param.name(), JSON.readTree(param.jsonEncode(instance.get(param).get())));
            }
            if (instance.hasDefault(param)) {
                defaults.set(param.name(), JSON.readTree(param.jsonEncode(instance.getDefault(param).get())));
            }
        }
        Path file = new Path(new Path(dir, DIR), FILE);
        try (OutputStream out = fs.create(file, false)) {
            out.write(JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    /** The metadata under {@code dir}, or empty for a directory without it (e.g. one written by the CLI). */
    static Optional<Contents> read(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(new Path(dir, DIR), FILE);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.path("uid").isTextual() || !root.path("class").isTextual()) {
            throw new IOException(file + ": expected Spark ML metadata with \"class\" and \"uid\"");
        }
        Map<String, JsonNode> params = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paramMap").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue());
        }
        return Optional.of(new Contents(root.get("class").asText(), root.get("uid").asText(), params));
    }
}
