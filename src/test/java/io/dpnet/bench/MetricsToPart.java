package io.dpnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the {@code metrics.jsonl} of a {@code dpnet train} run into a {@link BenchPart}, for runs
 * the benchmark cannot host in its own JVM — the synchronous default submitted to the local
 * standalone cluster ({@code scripts/cluster.sh}). The trainer writes the same per-epoch figures
 * the in-process runs report: cumulative training seconds, test accuracy, math seconds, steps.
 *
 * <pre>MetricsToPart --run RUN_DIR --variant cluster-sync --description TEXT [--master URL] --out part.json</pre>
 * reads {@code RUN_DIR/metrics.jsonl} and the parameter count from {@code RUN_DIR/model/model.json}.
 */
public final class MetricsToPart {
    private MetricsToPart() {
    }

    public static void main(String[] args) throws Exception {
        Path run = Path.of(BenchPart.arg(args, "--run", null));
        long params = BenchPart.JSON.readTree(run.resolve("model/model.json").toFile())
                .path("architecture").path("paramCount").asLong();
        BenchPart part = convert(Files.readAllLines(run.resolve("metrics.jsonl")),
                BenchPart.arg(args, "--variant", null), BenchPart.arg(args, "--description", ""), params);
        part.info.put("master", BenchPart.arg(args, "--master", "unknown"));
        part.write(BenchPart.arg(args, "--out", null));
    }

    static BenchPart convert(List<String> lines, String variant, String description, long params) throws Exception {
        BenchPart part = new BenchPart("dpnet", variant, description, "epoch", params);
        long samples = 0;
        double math = 0;
        long steps = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode m = BenchPart.JSON.readTree(line);
            // An epoch's samples: its throughput times its seconds (metrics.jsonl has no count).
            samples += Math.round(m.get("samplesPerSecond").asDouble() * m.get("epochSeconds").asDouble());
            math += m.path("mathSeconds").asDouble(0);
            steps = m.get("steps").asLong();
            part.point(m.get("epoch").asLong(), m.get("elapsedSeconds").asDouble(), samples,
                    m.path("testAccuracy").isNumber() ? m.get("testAccuracy").asDouble() : Double.NaN, math);
        }
        part.info.put("stepsPerEpoch", steps);
        return part;
    }
}
