package io.dpnet.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured row: a model on a data set, its test metrics and wall times.
 *
 * @param set          data set name
 * @param model        baseline name
 * @param features     the feature stages and the vector size the learner saw
 * @param trainRows    training rows
 * @param testRows     test rows
 * @param fitSeconds   feature stages + learner fit on the training rows
 * @param scoreSeconds transform of the test rows (cached) + every metric
 * @param metrics      accuracy, auc_roc, auc_pr (binary) or rmse, mae, r2 (regression), in that order
 */
public record TabularResult(String set, String model, String features, long trainRows, long testRows,
        double fitSeconds, double scoreSeconds, Map<String, Double> metrics) {

    /** The JSON object of this row (field order as in the record). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", set);
        m.put("model", model);
        m.put("features", features);
        m.put("trainRows", trainRows);
        m.put("testRows", testRows);
        m.put("fitSeconds", fitSeconds);
        m.put("scoreSeconds", scoreSeconds);
        m.put("metrics", metrics);
        return m;
    }

    /** A markdown table of the rows of one set (they share their metric names). */
    public static String markdown(List<TabularResult> rows) {
        List<String> metricNames = List.copyOf(rows.get(0).metrics().keySet());
        StringBuilder sb = new StringBuilder("| model | features | ");
        metricNames.forEach(n -> sb.append(n).append(" | "));
        sb.append("fit s | score s |\n|---|---|");
        metricNames.forEach(n -> sb.append("---:|"));
        sb.append("---:|---:|\n");
        for (TabularResult r : rows) {
            sb.append("| ").append(r.model()).append(" | ").append(r.features()).append(" | ");
            metricNames.forEach(n -> sb.append(String.format(Locale.ROOT, "%.4f", r.metrics().get(n))).append(" | "));
            sb.append(String.format(Locale.ROOT, "%.1f | %.1f |%n", r.fitSeconds(), r.scoreSeconds()));
        }
        return sb.toString();
    }
}
