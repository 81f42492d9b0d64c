package io.dpnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The partitions sweep of {@code scripts/bench.sh} (variants {@code partitions-P<n>}): the same
 * synchronous configuration on P = 1, 2, 4, 8, 16 partitions of one {@code local[2]} master.
 * Synchronous SGD's promise is that P changes the time, never the result, so besides each run's
 * accuracy and time the report states the spread of the final accuracies across P (in points).
 */
final class PartitionSweep {
    static final String PREFIX = "partitions-P";

    private PartitionSweep() {
    }

    static boolean isSweep(JsonNode part) {
        return part.path("variant").asText().startsWith(PREFIX);
    }

    private static List<JsonNode> byPartitions(List<JsonNode> parts) {
        List<JsonNode> sorted = new ArrayList<>(parts);
        sorted.removeIf(p -> !p.get("derived").has("totalSeconds"));
        sorted.sort(Comparator.comparingInt(p -> p.path("info").path("partitions").asInt()));
        return sorted;
    }

    /** Final accuracy spread across the sweep's runs, in percentage points (NaN with fewer than two runs). */
    static double spreadPoints(List<JsonNode> parts) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (JsonNode p : byPartitions(parts)) {
            double a = p.get("derived").get("finalAccuracy").asDouble();
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        return byPartitions(parts).size() < 2 ? Double.NaN : 100 * (hi - lo);
    }

    /** The console table; fills {@code node} with one entry per P and the spread. */
    static String table(List<JsonNode> parts, ObjectNode node) {
        List<JsonNode> sorted = byPartitions(parts);
        if (sorted.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%npartitions sweep (%s, local[2]):%n  %4s %9s %8s %8s %8s%n", sorted.get(0).get("description").asText(),
                "P", "final %", "→98%", "train s", "ms/step"));
        ArrayNode runs = node.putArray("runs");
        for (JsonNode p : sorted) {
            JsonNode d = p.get("derived");
            int partitions = p.path("info").path("partitions").asInt();
            ObjectNode o = runs.addObject();
            o.put("partitions", partitions);
            o.put("finalAccuracy", d.get("finalAccuracy").asDouble());
            o.set("secondsTo98.0", d.get("secondsTo98.0"));
            o.put("trainingSeconds", d.get("totalSeconds").asDouble());
            if (d.has("secondsPerStep")) {
                o.put("secondsPerStep", d.get("secondsPerStep").asDouble());
            }
            sb.append(String.format(Locale.ROOT, "  %4d %9.2f %8s %8.1f %8s%n", partitions,
                    100 * d.get("finalAccuracy").asDouble(), to98(d), d.get("totalSeconds").asDouble(),
                    BenchReport.msPerStep(d)));
        }
        double spread = spreadPoints(parts);
        if (!Double.isNaN(spread)) {
            node.put("finalAccuracySpreadPoints", spread);
            sb.append(String.format(Locale.ROOT, "  final accuracy spread across P: %.2f points%n", spread));
        }
        return sb.toString();
    }

    static String markdown(List<JsonNode> parts) {
        List<JsonNode> sorted = byPartitions(parts);
        StringBuilder sb = new StringBuilder("| partitions (local[2]) | final test accuracy | s to 98% | training s "
                + "| ms per step |\n|---|---|---|---|---|\n");
        for (JsonNode p : sorted) {
            JsonNode d = p.get("derived");
            sb.append(String.format(Locale.ROOT, "| %d | %.2f%% | %s | %.1f | %s |%n",
                    p.path("info").path("partitions").asInt(), 100 * d.get("finalAccuracy").asDouble(), to98(d),
                    d.get("totalSeconds").asDouble(), BenchReport.msPerStep(d)));
        }
        double spread = spreadPoints(parts);
        if (!Double.isNaN(spread)) {
            sb.append(String.format(Locale.ROOT, "%nFinal accuracy spread across P: %.2f points.%n", spread));
        }
        return sb.toString();
    }

    private static String to98(JsonNode d) {
        JsonNode v = d.get("secondsTo98.0");
        return v == null || v.isNull() ? String.format(Locale.ROOT, ">%.0f", d.get("totalSeconds").asDouble())
                : String.format(Locale.ROOT, "%.1f", v.asDouble());
    }
}
