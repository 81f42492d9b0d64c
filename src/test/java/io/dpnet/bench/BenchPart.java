package io.dpnet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One benchmarked run as a JSON file, the format every runner of {@code scripts/bench.sh} writes
 * (the PyTorch script too) and {@link BenchReport} reads:
 * <pre>
 * {"system": "dpnet", "variant": "default", "description": "...", "unit": "epoch",
 *  "params": 269322, "info": {...},
 *  "points": [{"x": 1, "seconds": 5.1, "samples": 60000, "testAccuracy": 0.9712, "mathSeconds": 1.2}, ...]}
 * </pre>
 * {@code seconds} is cumulative training time (evaluation and data loading excluded), {@code x}
 * the epoch or iteration count, {@code samples} the cumulative training samples processed,
 * {@code mathSeconds} (optional) the cumulative time of the forward/backward math on the critical path.
 */
final class BenchPart {
    static final ObjectMapper JSON = new ObjectMapper();

    final ObjectNode root = JSON.createObjectNode();
    final ObjectNode info;
    private final ArrayNode points;

    BenchPart(String system, String variant, String description, String unit, long params) {
        root.put("system", system);
        root.put("variant", variant);
        root.put("description", description);
        root.put("unit", unit);
        root.put("params", params);
        info = root.putObject("info");
        points = root.putArray("points");
    }

    /** Adds a point; {@code mathSeconds} NaN means not measured. */
    void point(long x, double seconds, long samples, double testAccuracy, double mathSeconds) {
        ObjectNode p = points.addObject();
        p.put("x", x);
        p.put("seconds", seconds);
        p.put("samples", samples);
        if (Double.isNaN(testAccuracy)) {
            p.putNull("testAccuracy"); // not evaluated after this epoch (evalEvery=0)
        } else {
            p.put("testAccuracy", testAccuracy);
        }
        if (!Double.isNaN(mathSeconds)) {
            p.put("mathSeconds", mathSeconds);
        }
    }

    void write(String path) throws IOException {
        Path p = Path.of(path);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), root);
    }

    /** {@code --name value} pairs (repeatable ones collected by the caller); a tiny shared parser. */
    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return fallback;
    }

    static java.util.List<String> args(String[] args, String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                out.add(args[++i]);
            }
        }
        return out;
    }
}
