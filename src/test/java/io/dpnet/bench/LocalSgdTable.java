package io.dpnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.config.ConfigKey;
import io.dpnet.config.TrainConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the {@link BenchPart} files of one {@code scripts/bench-local-sgd.sh} sweep into
 * {@code local-sgd.json} and {@code local-sgd.md}: the grid of final test accuracy over
 * partitions P × {@code sync.localSteps} k (each cell with its difference from the synchronous
 * reference and its training seconds), the synchronous references, and every other run (the
 * rules being measured) with the settings that make it differ.
 *
 * <p>Which run is what is read from the configuration each part records ({@code info.config}),
 * not from its name: {@code sync=sync} runs are references, {@code sync=average} runs whose name
 * starts with {@code local-P} fill the grid, anything else is listed below it. The reference of a
 * run is the synchronous run at the same P when there is one, else the one with the fewest
 * partitions (synchronous SGD does not depend on P beyond float rounding, which the references
 * at several P show).
 *
 * <pre>LocalSgdTable --out runs/lsgd/local-sgd.json [--machine TEXT] part1.json part2.json ...</pre>
 */
public final class LocalSgdTable {
    /** One measured run, as the table needs it. */
    record Run(String variant, boolean sync, int partitions, int localSteps, int batch, int syncEpochs,
               List<Double> accuracy, double seconds, Double secondsTo98, JsonNode config) {
        double finalAccuracy() {
            return accuracy.get(accuracy.size() - 1);
        }

        /** Samples one replica sees between two averages: k·B/P (synchronous: B/P). */
        double samplesBetweenAverages() {
            return (double) (sync ? 1 : localSteps) * batch / partitions;
        }
    }

    private LocalSgdTable() {
    }

    public static void main(String[] args) throws Exception {
        String out = BenchPart.arg(args, "--out", null);
        String machine = BenchPart.arg(args, "--machine", "");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") || args[i].equals("--machine")) {
                i++;
            } else if (new File(args[i]).isFile()) {
                runs.add(read(BenchPart.JSON.readTree(new File(args[i]))));
            }
        }
        ObjectNode json = toJson(runs, machine);
        String md = markdown(runs, machine);
        System.out.print(md);
        Path jsonPath = Path.of(out);
        BenchPart.JSON.writerWithDefaultPrettyPrinter().writeValue(jsonPath.toFile(), json);
        Path mdPath = jsonPath.resolveSibling(jsonPath.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(mdPath, md);
        System.out.println("wrote " + jsonPath + " and " + mdPath);
    }

    static Run read(JsonNode part) {
        JsonNode info = part.get("info");
        JsonNode config = info.get("config");
        List<Double> accuracy = new ArrayList<>();
        for (JsonNode p : part.get("points")) {
            accuracy.add(p.get("testAccuracy").isNull() ? Double.NaN : p.get("testAccuracy").asDouble());
        }
        JsonNode derived = BenchReport.derive(part);
        JsonNode to98 = derived.get("secondsTo98.0");
        return new Run(part.get("variant").asText(), "sync".equals(config.path("sync").asText()),
                info.get("partitions").asInt(), Integer.parseInt(config.path("sync.localSteps").asText("1")),
                info.get("batchSize").asInt(), info.path("syncEpochs").asInt(0), accuracy, derived.get("totalSeconds").asDouble(),
                to98 == null || to98.isNull() ? null : to98.asDouble(), config);
    }

    /** The synchronous run that {@code r} is compared with, or null when there is none. */
    static Run reference(List<Run> runs, Run r) {
        Run best = null;
        for (Run s : runs) {
            if (!s.sync() || s.syncEpochs() > 0 || s.batch() != r.batch()) {
                continue;
            }
            if (s.partitions() == r.partitions()) {
                return s;
            }
            if (best == null || s.partitions() < best.partitions()) {
                best = s;
            }
        }
        return best;
    }

    private static boolean inGrid(Run r) {
        return !r.sync() && r.syncEpochs() == 0 && r.variant().startsWith("local-P");
    }

    static ObjectNode toJson(List<Run> runs, String machine) {
        ObjectNode root = BenchPart.JSON.createObjectNode();
        root.put("machine", machine);
        root.put("note", "accuracy per epoch is deterministic for a (config, P, k); seconds are wall-clock "
                + "training time on a shared machine (rough)");
        ArrayNode list = root.putArray("runs");
        for (Run r : runs) {
            ObjectNode o = list.addObject();
            o.put("variant", r.variant());
            o.put("sync", r.sync() ? "sync" : "average");
            o.put("partitions", r.partitions());
            o.put("localSteps", r.localSteps());
            o.put("synchronousEpochsFirst", r.syncEpochs());
            o.put("batchSize", r.batch());
            o.put("samplesBetweenAverages", r.samplesBetweenAverages());
            o.put("finalAccuracy", r.finalAccuracy());
            Run ref = reference(runs, r);
            if (ref != null && ref != r) {
                o.put("reference", ref.variant());
                o.put("pointsVsReference", 100 * (r.finalAccuracy() - ref.finalAccuracy()));
            }
            ArrayNode acc = o.putArray("accuracyPerEpoch");
            r.accuracy().forEach(acc::add);
            o.put("trainingSeconds", r.seconds());
            if (r.secondsTo98() != null) {
                o.put("secondsTo98", r.secondsTo98());
            }
            o.set("config", r.config());
        }
        return root;
    }

    static String markdown(List<Run> runs, String machine) {
        StringBuilder sb = new StringBuilder();
        TreeMap<Integer, TreeMap<Integer, Run>> grid = new TreeMap<>();
        TreeSet<Integer> ks = new TreeSet<>();
        for (Run r : runs) {
            if (inGrid(r)) {
                grid.computeIfAbsent(r.partitions(), p -> new TreeMap<>()).put(r.localSteps(), r);
                ks.add(r.localSteps());
            }
        }
        if (!grid.isEmpty()) {
            sb.append("Final test accuracy of local SGD (points against synchronous SGD at the same batch; "
                    + "training seconds, rough):\n\n| P \\ k |");
            ks.forEach(k -> sb.append(" k=").append(k).append(" |"));
            sb.append("\n|---|").append("---|".repeat(ks.size())).append('\n');
            grid.forEach((p, row) -> {
                sb.append("| P=").append(p).append(" |");
                for (int k : ks) {
                    Run r = row.get(k);
                    sb.append(' ').append(r == null ? "–" : cell(runs, r)).append(" |");
                }
                sb.append('\n');
            });
            sb.append('\n');
        }
        sb.append("| run | P | sync | k | k·B/P | final test accuracy | vs sync | per epoch | s to 98% | "
                + "training s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            if (inGrid(r)) {
                continue;
            }
            Run ref = reference(runs, r);
            sb.append(String.format(Locale.ROOT, "| %s%s | %d | %s | %d | %.0f | %.2f%% | %s | %s | %s | %.1f |%n",
                    r.variant(), extraSettings(r), r.partitions(), r.sync() ? "sync" : "average",
                    r.localSteps(), r.samplesBetweenAverages(), 100 * r.finalAccuracy(),
                    ref == null || ref == r ? "–" : points(r.finalAccuracy() - ref.finalAccuracy()),
                    perEpoch(r), r.secondsTo98() == null ? ">" + Math.round(r.seconds())
                            : String.format(Locale.ROOT, "%.1f", r.secondsTo98()), r.seconds()));
        }
        if (!machine.isEmpty()) {
            sb.append("\nMachine: ").append(machine).append('\n');
        }
        return sb.toString();
    }

    private static String cell(List<Run> runs, Run r) {
        Run ref = reference(runs, r);
        return String.format(Locale.ROOT, "%.2f%%%s · %.0f s", 100 * r.finalAccuracy(),
                ref == null ? "" : " (" + points(r.finalAccuracy() - ref.finalAccuracy()) + ")", r.seconds());
    }

    /** A difference of accuracies in percentage points, signed. */
    static String points(double delta) {
        return String.format(Locale.ROOT, "%+.2f", 100 * delta).replace("-", "−");
    }

    private static String perEpoch(Run r) {
        List<String> s = new ArrayList<>();
        for (double a : r.accuracy()) {
            s.add(Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * a));
        }
        return String.join(" ", s);
    }

    private static String defaultOf(String key) {
        return TrainConfig.KEYS.stream().filter(k -> k.name().equals(key)).map(ConfigKey::defaultValue)
                .findFirst().orElse("");
    }

    /** The rule keys a run sets (e.g. sync.localAfterEpochs), so the table says what it measured. */
    private static String extraSettings(Run r) {
        List<String> s = new ArrayList<>();
        if (r.syncEpochs() > 0) {
            s.add("first " + r.syncEpochs() + " epoch" + (r.syncEpochs() == 1 ? "" : "s") + " synchronous");
        }
        r.config().fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (k.startsWith("sync.") && !k.equals("sync.localSteps") && !e.getValue().asText().equals(defaultOf(k))) {
                s.add(k + "=" + e.getValue().asText());
            }
        });
        return s.isEmpty() ? "" : " (" + String.join(", ", s) + ")";
    }
}
