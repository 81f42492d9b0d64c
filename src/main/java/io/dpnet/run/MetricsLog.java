package io.dpnet.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Keeps {@code metrics.jsonl}: one JSON object per epoch. The whole (small) file is rewritten
 * atomically after every epoch, because appends are not supported on every Hadoop filesystem
 * (s3a) and a reader must never see half a line.
 */
public final class MetricsLog implements TrainingListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Configuration conf;
    private final String path;
    private final StringBuilder lines = new StringBuilder();

    public MetricsLog(Configuration conf, String path) {
        this(conf, path, java.util.List.of());
    }

    /** Continues a log that already holds {@code earlierLines} (a resumed run). */
    public MetricsLog(Configuration conf, String path, java.util.List<String> earlierLines) {
        this.conf = conf;
        this.path = path;
        for (String line : earlierLines) {
            lines.append(line).append('\n');
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        lines.append(toJson(m)).append('\n');
        try {
            RunFiles.writeString(conf, path, lines.toString(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path, e);
        }
    }

    public static String toJson(EpochMetrics m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", m.epoch());
        o.put("steps", m.steps());
        o.put("trainLoss", m.trainLoss());
        putOrNull(o, "trainAccuracy", m.trainAccuracy()); // NaN for regression: JSON has no NaN
        putOrNull(o, "valLoss", m.valLoss());
        putOrNull(o, "valAccuracy", m.valAccuracy());
        putOrNull(o, "testLoss", m.testLoss());
        putOrNull(o, "testAccuracy", m.testAccuracy());
        o.put("samplesPerSecond", m.samplesPerSecond());
        o.put("epochSeconds", m.epochSeconds());
        o.put("elapsedSeconds", m.elapsedSeconds());
        o.put("learningRate", m.learningRate());
        putOrNull(o, "mathSeconds", m.mathSeconds());
        return o.toString();
    }

    /** One {@link #toJson} line per finished epoch, as in metrics.jsonl. */
    public static java.util.List<String> lines(java.util.List<EpochMetrics> history) {
        return history.stream().map(MetricsLog::toJson).toList();
    }

    /** Parses one line written by {@link #toJson}; {@code epochs} is the run's total. */
    public static EpochMetrics fromJson(String line, int epochs) {
        try {
            com.fasterxml.jackson.databind.JsonNode o = JSON.readTree(line);
            return new EpochMetrics(o.get("epoch").asInt(), epochs, o.get("steps").asLong(),
                    o.get("trainLoss").asDouble(), orNaN(o, "trainAccuracy"), orNaN(o, "valLoss"),
                    orNaN(o, "valAccuracy"), orNaN(o, "testLoss"),
                    orNaN(o, "testAccuracy"), o.get("samplesPerSecond").asDouble(), o.get("epochSeconds").asDouble(),
                    o.get("elapsedSeconds").asDouble(), o.get("learningRate").asDouble(), orNaN(o, "mathSeconds"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("not a metrics line: " + line, e);
        }
    }

    private static double orNaN(com.fasterxml.jackson.databind.JsonNode o, String key) {
        com.fasterxml.jackson.databind.JsonNode v = o.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static void putOrNull(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
