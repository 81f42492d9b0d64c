package io.dpnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.optim.OptimizerState;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of one run in a directory ({@code OUT/checkpoints}): each is a sub-directory
 * {@code ckpt-<globalStep>} with {@code checkpoint.json}, {@code params.bin} and one
 * {@code slot-<i>.bin} per optimizer state array, plus {@code best.bin} under early stopping
 * (little-endian float32, sha256 in the JSON).
 *
 * <p>Each is published atomically (temp directory, then rename), so a directory with the
 * {@code ckpt-} name is always complete; a crash mid-write leaves only a temp directory, which
 * {@link #latest} ignores. The newest {@code keep} are kept.
 */
public final class CheckpointStore {
    static final String MANIFEST = "checkpoint.json";
    static final int FORMAT_VERSION = 1;
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{12})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Configuration conf;
    private final String dir;
    private final int keep;

    public CheckpointStore(Configuration conf, String dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoint.keep must be at least 1, got " + keep);
        }
        this.conf = conf;
        this.dir = dir;
        this.keep = keep;
    }

    public String dir() {
        return dir;
    }

    /** Writes {@code c} as {@code ckpt-<globalStep>} and prunes all but the newest {@code keep}; returns its path. */
    public String save(Checkpoint c) throws IOException {
        String target = new Path(dir, String.format("ckpt-%012d", c.globalStep())).toString();
        AtomicPublish.publishDirectory(conf, target, true, MANIFEST, (fs, tmp) -> {
            fs.mkdirs(tmp);
            ObjectNode root = JSON.createObjectNode();
            root.put("format", "dpnet-checkpoint");
            root.put("formatVersion", FORMAT_VERSION);
            root.put("epoch", c.epoch());
            root.put("stepInEpoch", c.stepInEpoch());
            root.put("globalStep", c.globalStep());
            root.put("paramCount", c.params().length);
            root.put("paramsSha256", Float32Files.write(fs, new Path(tmp, "params.bin"), c.params()));
            if (c.bestParams() != null) {
                root.put("bestParamsSha256", Float32Files.write(fs, new Path(tmp, "best.bin"), c.bestParams()));
            }
            ObjectNode opt = root.putObject("optimizer");
            opt.put("name", c.optimizer().name());
            opt.put("step", c.optimizer().step());
            ArrayNode slots = opt.putArray("slots");
            for (int i = 0; i < c.optimizer().slots().size(); i++) {
                float[] slot = c.optimizer().slots().get(i);
                ObjectNode s = slots.addObject();
                s.put("count", slot.length);
                s.put("sha256", Float32Files.write(fs, new Path(tmp, "slot-" + i + ".bin"), slot));
            }
            ObjectNode counters = root.putObject("counters");
            new TreeMap<>(c.counters()).forEach(counters::put);
            ObjectNode config = root.putObject("config");
            new TreeMap<>(c.config()).forEach(config::put);
            ArrayNode metrics = root.putArray("metrics");
            for (String line : c.metricsLines()) {
                metrics.add(JSON.readTree(line));
            }
            try (OutputStream out = fs.create(new Path(tmp, MANIFEST), false)) {
                JSON.writeValue(out, root);
            }
        });
        prune();
        return target;
    }

    /** The newest complete checkpoint, or empty when there is none. */
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> all = list();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(load(all.get(all.size() - 1)));
    }

    /** The path of the newest checkpoint, or empty. */
    public Optional<String> latestPath() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).toString());
    }

    private List<Path> list() throws IOException {
        Path root = new Path(dir);
        FileSystem fs = AtomicPublish.fileSystem(conf, root);
        FileStatus[] children;
        try {
            children = fs.listStatus(root);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (FileStatus s : children) {
            if (s.isDirectory() && NAME.matcher(s.getPath().getName()).matches()) {
                out.add(s.getPath());
            }
        }
        out.sort(Comparator.comparing(Path::getName));
        return out;
    }

    private void prune() throws IOException {
        List<Path> all = list();
        FileSystem fs = AtomicPublish.fileSystem(conf, new Path(dir));
        for (int i = 0; i < all.size() - keep; i++) {
            fs.delete(all.get(i), true);
        }
    }

    private Checkpoint load(Path ckpt) throws IOException {
        FileSystem fs = AtomicPublish.fileSystem(conf, ckpt);
        Path manifest = new Path(ckpt, MANIFEST);
        String name = manifest.toString();
        JsonNode root;
        try (InputStream in = fs.open(manifest)) {
            root = JSON.readTree(in);
        } catch (FileNotFoundException e) {
            throw new ModelFormatException(name + ": file not found");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelFormatException(name + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.CharConversionException e) {
            // Leading zero bytes make Jackson guess UTF-32 and fail outside its JSON exceptions.
            throw new ModelFormatException(name + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !"dpnet-checkpoint".equals(root.path("format").asText())) {
            throw new ModelFormatException(name + ": format: expected \"dpnet-checkpoint\"");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(name + ": format version " + version + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        int paramCount = requiredInt(root, "paramCount", name);
        float[] params = Float32Files.read(fs, new Path(ckpt, "params.bin"), new Path(ckpt, "params.bin").toString(),
                paramCount, root.path("paramsSha256").asText(), MANIFEST);
        float[] best = null;
        if (root.has("bestParamsSha256")) {
            Path p = new Path(ckpt, "best.bin");
            best = Float32Files.read(fs, p, p.toString(), paramCount, root.path("bestParamsSha256").asText(), MANIFEST);
        }
        JsonNode opt = root.path("optimizer");
        List<float[]> slots = new ArrayList<>();
        JsonNode slotNodes = opt.path("slots");
        for (int i = 0; i < slotNodes.size(); i++) {
            Path p = new Path(ckpt, "slot-" + i + ".bin");
            slots.add(Float32Files.read(fs, p, p.toString(), requiredInt(slotNodes.get(i), "count", name),
                    slotNodes.get(i).path("sha256").asText(), MANIFEST));
        }
        OptimizerState optimizer = new OptimizerState(opt.path("name").asText(), opt.path("step").asLong(), slots);
        Map<String, Double> counters = new LinkedHashMap<>();
        root.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asDouble()));
        Map<String, String> config = new LinkedHashMap<>();
        root.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        List<String> metrics = new ArrayList<>();
        root.path("metrics").forEach(m -> metrics.add(m.toString()));
        return new Checkpoint(config, requiredInt(root, "epoch", name), root.path("stepInEpoch").asLong(),
                root.path("globalStep").asLong(), params, optimizer, counters, metrics, best);
    }

    private static int requiredInt(JsonNode node, String field, String name) throws ModelFormatException {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ModelFormatException(name + ": " + field + ": expected a non-negative integer but found "
                    + (v == null ? "nothing" : v.toString()));
        }
        return v.asInt();
    }
}
