package io.dpnet.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line per evaluated data set (samples, accuracy, mean log-loss, macro F1) for a batch
 * evaluation over many sets: a fixed-width table for the console, JSON and CSV for scripts.
 */
public final class EvaluationSummary {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One evaluated set: its name (the report's file name without {@code .json}) and data path. */
    public record Entry(String set, String data, EvaluationReport report) {
    }

    private final String model;
    private final List<Entry> entries = new ArrayList<>();

    public EvaluationSummary(String model) {
        this.model = model;
    }

    public void add(String set, String data, EvaluationReport report) {
        entries.add(new Entry(set, data, report));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public String table() {
        int width = "set".length();
        for (Entry e : entries) {
            width = Math.max(width, e.set().length());
        }
        String row = "%-" + width + "s  %9s  %9s  %13s  %9s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, row, "set", "samples", "accuracy", "mean log-loss", "macro F1"));
        for (Entry e : entries) {
            EvaluationReport r = e.report();
            sb.append(String.format(Locale.ROOT, row, e.set(), r.count(), fixed(r.accuracy()),
                    fixed(r.meanLogLoss()), fixed(r.macroF1())));
        }
        return sb.toString();
    }

    /** {@code {"model": ..., "sets": [{"set", "data", "count", "accuracy", "meanLogLoss", "macroF1"}]}}. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        ArrayNode sets = root.putArray("sets");
        for (Entry e : entries) {
            EvaluationReport r = e.report();
            ObjectNode o = sets.addObject().put("set", e.set()).put("data", e.data()).put("count", r.count())
                    .put("accuracy", r.accuracy());
            if (Double.isFinite(r.meanLogLoss())) {
                o.put("meanLogLoss", r.meanLogLoss());
            } else {
                o.putNull("meanLogLoss");
            }
            o.put("macroF1", r.macroF1());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException("cannot serialize a JSON tree", ex);
        }
    }

    /** Header {@code set,data,count,accuracy,meanLogLoss,macroF1}; full-precision numbers, empty log-loss if n/a. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("set,data,count,accuracy,meanLogLoss,macroF1\n");
        for (Entry e : entries) {
            EvaluationReport r = e.report();
            sb.append(csvField(e.set())).append(',').append(csvField(e.data())).append(',').append(r.count())
                    .append(',').append(r.accuracy()).append(',')
                    .append(Double.isFinite(r.meanLogLoss()) ? Double.toString(r.meanLogLoss()) : "")
                    .append(',').append(r.macroF1()).append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
