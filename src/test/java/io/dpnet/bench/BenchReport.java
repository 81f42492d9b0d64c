package io.dpnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Merges the {@link BenchPart} files of one {@code scripts/bench.sh} invocation into
 * {@code bench.json} (every part with its points plus derived figures) and prints the comparison
 * table (also written as {@code bench.md}).
 *
 * <p>Derived figures, per run: total training seconds and final test accuracy (last point); the
 * time to 96.4% / 97% / 98% test accuracy = the cumulative training seconds at the first
 * evaluated point at or above it (so at epoch or chunk resolution, never interpolated);
 * samples/s = samples processed / training seconds; achieved GFLOPS = 6 · params · samples /
 * seconds (a dense layer costs 2 flops per weight per sample forward and 4 backward — weight and
 * input gradients; bias and activation work is not counted); and, where the run measured its
 * math (dpnet), the share of time outside it = 1 − math seconds / training seconds.
 * Parts whose variant starts with {@code throughput} are the scaling runs (goal 7): their
 * samples/s come from the last epoch only (the first one includes JIT warm-up), and the table
 * adds speedup and parallel efficiency = throughput(local[2]) / (2 · throughput(local[1])).
 *
 * <pre>BenchReport --out runs/bench-X/bench.json part1.json part2.json ...</pre>
 */
public final class BenchReport {
    static final double[] TARGETS = {0.964, 0.97, 0.98};

    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        String out = BenchPart.arg(args, "--out", null);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") || args[i].equals("--machine")) {
                i++;
            } else {
                files.add(args[i]);
            }
        }
        ObjectNode root = BenchPart.JSON.createObjectNode();
        root.put("formula", "GFLOPS = 6 * params * samples / seconds / 1e9 (dense layers: 2 flops per weight "
                + "per sample forward, 4 backward); seconds = cumulative training time, evaluation excluded");
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("cpu", cpuModel());
        String machineNote = BenchPart.arg(args, "--machine", "");
        if (!machineNote.isEmpty()) {
            machine.put("note", machineNote);
        }
        ArrayNode runs = root.putArray("runs");
        List<JsonNode> scaling = new ArrayList<>();
        List<JsonNode> sweep = new ArrayList<>();
        for (String f : files) {
            if (!new File(f).isFile()) {
                continue;
            }
            ObjectNode part = (ObjectNode) BenchPart.JSON.readTree(new File(f));
            part.set("derived", derive(part));
            if (part.get("variant").asText().startsWith("throughput")) {
                scaling.add(part);
            } else if (PartitionSweep.isSweep(part)) {
                sweep.add(part);
            } else {
                runs.add(part);
            }
        }
        ObjectNode scalingNode = root.putObject("scaling");
        String sweepTable = PartitionSweep.table(sweep, root.putObject("partitionsSweep"));
        String table = table(runs) + scalingTable(scaling, scalingNode) + sweepTable;
        System.out.print(table);
        Path json = Path.of(out);
        BenchPart.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        Path md = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        String scalingText = scalingTable(scaling, BenchPart.JSON.createObjectNode());
        Files.writeString(md, markdown(runs) + "\n" + scalingText + (sweep.isEmpty() ? ""
                : "\n" + PartitionSweep.markdown(sweep)));
        System.out.println("wrote " + json + " and " + md);
    }

    static ObjectNode derive(JsonNode part) {
        ObjectNode d = BenchPart.JSON.createObjectNode();
        JsonNode points = part.get("points");
        if (points == null || points.isEmpty()) {
            return d;
        }
        JsonNode last = points.get(points.size() - 1);
        double seconds = last.get("seconds").asDouble();
        double samples = last.get("samples").asDouble();
        double params = part.get("params").asDouble();
        d.put("count", last.get("x").asLong());
        d.put("totalSeconds", seconds);
        d.put("finalAccuracy", last.get("testAccuracy").asDouble());
        double best = 0;
        for (JsonNode p : points) {
            best = Math.max(best, p.get("testAccuracy").asDouble());
        }
        d.put("bestAccuracy", best);
        for (double t : TARGETS) {
            String key = String.format(Locale.ROOT, "secondsTo%.1f", t * 100);
            d.putNull(key);
            for (JsonNode p : points) {
                if (p.get("testAccuracy").asDouble() >= t) {
                    d.put(key, p.get("seconds").asDouble());
                    break;
                }
            }
        }
        d.put("samplesPerSecond", samples / seconds);
        d.put("gflops", 6 * params * samples / seconds / 1e9);
        if (last.has("mathSeconds")) {
            d.put("mathSeconds", last.get("mathSeconds").asDouble());
            d.put("outsideMathShare", 1 - last.get("mathSeconds").asDouble() / seconds);
        }
        JsonNode steps = part.path("info").get("stepsPerEpoch");
        if (steps != null && points.size() >= 2 && "epoch".equals(part.path("unit").asText())) {
            // Steady state: epoch 1 carries the JIT warm-up, so the time per step is taken after it.
            double after1 = seconds - points.get(0).get("seconds").asDouble();
            d.put("secondsPerStep", after1 / ((points.size() - 1) * steps.asDouble()));
        }
        if (points.size() >= 2) {
            JsonNode prev = points.get(points.size() - 2);
            d.put("lastSamplesPerSecond", (samples - prev.get("samples").asDouble())
                    / (seconds - prev.get("seconds").asDouble()));
        }
        return d;
    }

    private static String table(ArrayNode runs) {
        StringBuilder sb = new StringBuilder();
        String head = String.format("%-44s %9s %8s %8s %8s %8s %8s %10s %7s %8s %8s%n", "system / variant",
                "epochs|it", "train s", "final %", "→96.4%", "→97%", "→98%", "samples/s", "GFLOPS", "non-math",
                "ms/step");
        sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (JsonNode r : runs) {
            JsonNode d = r.get("derived");
            if (!d.has("totalSeconds")) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-44s %9s %8.1f %8.2f %8s %8s %8s %10.0f %7.1f %8s %8s%n",
                    clip(r.get("system").asText() + " " + r.get("variant").asText(), 44),
                    d.get("count").asText() + (r.get("unit").asText().equals("iteration") ? " it" : " ep"),
                    d.get("totalSeconds").asDouble(), d.get("finalAccuracy").asDouble() * 100,
                    reached(d, "96.4"), reached(d, "97.0"), reached(d, "98.0"),
                    d.get("samplesPerSecond").asDouble(), d.get("gflops").asDouble(),
                    d.has("outsideMathShare") ? String.format(Locale.ROOT, "%.0f%%",
                            d.get("outsideMathShare").asDouble() * 100) : "-", msPerStep(d)));
        }
        sb.append("times: cumulative training seconds (evaluation excluded) at the first evaluation reaching the "
                + "target; '>T': not reached in the run's T seconds.\nGFLOPS = 6 x params x samples / seconds; non-math = 1 - (slowest "
                + "task's forward/backward time, summed over jobs) / training time; ms/step: training time of epochs 2.. / their "
                + "optimizer steps.\n");
        for (JsonNode r : runs) {
            sb.append(String.format("  %s %s: %s; %s%n", r.get("system").asText(), r.get("variant").asText(),
                    r.get("description").asText(), brief(r.get("info"))));
        }
        return sb.toString();
    }

    private static String scalingTable(List<JsonNode> scaling, ObjectNode node) {
        if (scaling.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\ndpnet throughput (conf/mnist.properties; samples/s of the last epoch, "
                + "or of the only one, JIT warm-up included):\n");
        double one = Double.NaN;
        double two = Double.NaN;
        for (JsonNode s : scaling) {
            JsonNode d = s.get("derived");
            double thr = d.has("lastSamplesPerSecond") ? d.get("lastSamplesPerSecond").asDouble()
                    : d.get("samplesPerSecond").asDouble();
            String master = s.get("info").path("master").asText();
            sb.append(String.format(Locale.ROOT, "  %-10s %10.0f samples/s%n", master, thr));
            node.put(master, thr);
            if (master.equals("local[1]")) {
                one = thr;
            } else if (master.equals("local[2]")) {
                two = thr;
            }
        }
        if (!Double.isNaN(one) && !Double.isNaN(two)) {
            node.put("speedup", two / one);
            node.put("parallelEfficiency", two / (2 * one));
            sb.append(String.format(Locale.ROOT, "  speedup %.2fx, parallel efficiency %.0f%%%n", two / one,
                    50 * two / one));
        }
        return sb.toString();
    }

    private static String markdown(ArrayNode runs) {
        StringBuilder sb = new StringBuilder("| system / variant | epochs or iterations | training s | final test "
                + "accuracy | s to 96.4% | s to 97% | s to 98% | samples/s | GFLOPS | time outside math | ms per step |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : runs) {
            JsonNode d = r.get("derived");
            if (!d.has("totalSeconds")) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s %s (%s) | %s | %.1f | %.2f%% | %s | %s | %s | %.0f | %.1f | %s | %s |%n",
                    r.get("system").asText(), r.get("variant").asText(), r.get("description").asText(),
                    d.get("count").asText(), d.get("totalSeconds").asDouble(),
                    d.get("finalAccuracy").asDouble() * 100, reached(d, "96.4"), reached(d, "97.0"),
                    reached(d, "98.0"),
                    d.get("samplesPerSecond").asDouble(), d.get("gflops").asDouble(),
                    d.has("outsideMathShare") ? String.format(Locale.ROOT, "%.0f%%",
                            d.get("outsideMathShare").asDouble() * 100) : "-", msPerStep(d)));
        }
        return sb.toString();
    }

    /** Steady-state milliseconds per optimizer step, or "-" for runs without steps (MLlib, one epoch). */
    static String msPerStep(JsonNode derived) {
        return derived.has("secondsPerStep")
                ? String.format(Locale.ROOT, "%.1f", 1000 * derived.get("secondsPerStep").asDouble()) : "-";
    }

    private static String brief(JsonNode info) {
        if (info == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String k : List.of("master", "kernel", "blas", "blasLibraries", "threads", "torch", "ompNumThreads",
                "setupSeconds")) {
            if (info.has(k)) {
                out.add(k + " " + (info.get(k).isDouble()
                        ? String.format(Locale.ROOT, "%.1f", info.get(k).asDouble()) : info.get(k).asText()));
            }
        }
        return String.join(", ", out);
    }

    /** Seconds to a target, or "&gt;T" (T = the run's training seconds) when the run never reached it. */
    private static String reached(JsonNode derived, String target) {
        JsonNode v = derived.get("secondsTo" + target);
        return v == null || v.isNull()
                ? String.format(Locale.ROOT, ">%.0f", derived.get("totalSeconds").asDouble()) : seconds(v);
    }

    private static String seconds(JsonNode v) {
        return v == null || v.isNull() ? "-" : String.format(Locale.ROOT, "%.1f", v.asDouble());
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
