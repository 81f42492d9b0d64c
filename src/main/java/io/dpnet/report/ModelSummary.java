package io.dpnet.report;

import io.dpnet.model.SavedModel;
import io.dpnet.nn.DenseSpec;
import io.dpnet.nn.ModelSpec;
import java.util.Locale;
import java.util.Map;

/** The plain-text description of a saved model that {@code dpnet info} prints. */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** Architecture, parameter count, training config, dataset checksums, final metrics and provenance. */
    public static String format(String dir, SavedModel model) {
        ModelSpec spec = model.spec();
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(dir).append("\n\n");
        if (model.isBlockModel()) {
            sb.append(BlockSummary.format(model));
        }
        sb.append("architecture\n");
        sb.append(String.format(Locale.ROOT, "  %-8s %-7s %8s %8s  %-18s %12s%n", "layer", "type", "inputs", "outputs",
                "activation", "parameters"));
        for (int i = 0; i < spec.layerCount(); i++) {
            DenseSpec l = spec.layer(i);
            sb.append(String.format(Locale.ROOT, "  %-8d %-7s %8d %8d  %-18s %12s%n", i + 1, "dense", l.inputs(),
                    l.outputs(), l.activation(), Format.grouped(l.paramCount())));
        }
        sb.append(String.format(Locale.ROOT, "  loss %s, %s parameters (%s)%n", spec.loss().label(),
                Format.grouped(spec.paramCount()), bytes(4L * spec.paramCount())));
        section(sb, "training config", model.trainingConfig());
        section(sb, "dataset checksums (sha256)", model.datasetChecksums());
        sb.append("\nfinal metrics\n");
        if (model.metrics().isEmpty()) {
            sb.append("  (none)\n");
        }
        int w = width(model.metrics());
        model.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %s%n", k,
                Format.number(v))));
        section(sb, "provenance", model.provenance());
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, Map<String, String> map) {
        sb.append('\n').append(title).append('\n');
        if (map.isEmpty()) {
            sb.append("  (none)\n");
        }
        int w = width(map);
        map.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %s%n", k,
                v.isEmpty() ? "(empty)" : v)));
    }

    private static int width(Map<String, ?> map) {
        return Math.max(1, map.keySet().stream().mapToInt(String::length).max().orElse(1));
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B of float32";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB of float32", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB of float32", n / (1024.0 * 1024));
    }
}
