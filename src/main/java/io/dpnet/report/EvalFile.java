package io.dpnet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Reads {@code eval.json} as written by {@link io.dpnet.eval.EvaluationReport#toJson()}. */
public final class EvalFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;

    private EvalFile(String file) {
        this.file = file;
    }

    public static EvalSummary read(Configuration conf, String file) throws IOException {
        return parse(file, RunDirectory.read(conf, file));
    }

    static EvalSummary parse(String file, byte[] json) throws ReportInputException {
        return new EvalFile(file).parse(json);
    }

    /** The regression figures of {@code file}, or null when it is a classification eval.json. */
    public static RegressionSummary readRegression(Configuration conf, String file) throws IOException {
        return new EvalFile(file).regression(RunDirectory.read(conf, file));
    }

    private RegressionSummary regression(byte[] json) throws ReportInputException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw fail("not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !"regression".equals(root.path("task").asText())) {
            return null;
        }
        // R² is null for a constant label (no variance to explain): shown as n/a.
        return new RegressionSummary(number(root, "", "rmse"), number(root, "", "mae"), numberOrNaN(root, "r2"),
                (long) number(root, "", "count"));
    }

    private EvalSummary parse(byte[] json) throws ReportInputException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw fail("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw fail("cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail("expected a JSON object");
        }
        JsonNode matrixNode = array(root, "confusionMatrix");
        int classes = matrixNode.size();
        if (classes == 0) {
            throw fail("confusionMatrix: expected at least one row");
        }
        long[][] confusion = new long[classes][classes];
        for (int a = 0; a < classes; a++) {
            JsonNode row = matrixNode.get(a);
            if (!row.isArray() || row.size() != classes) {
                throw fail("confusionMatrix[" + a + "]: expected an array of " + classes + " counts but found "
                        + shorten(row));
            }
            for (int p = 0; p < classes; p++) {
                JsonNode v = row.get(p);
                if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
                    throw fail("confusionMatrix[" + a + "][" + p + "]: expected a count but found " + v);
                }
                confusion[a][p] = v.longValue();
            }
        }
        JsonNode perClassNode = array(root, "perClass");
        if (perClassNode.size() != classes) {
            throw fail("perClass: expected " + classes + " entries (one per confusion-matrix row) but found "
                    + perClassNode.size());
        }
        List<EvalSummary.ClassScores> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            JsonNode e = perClassNode.get(c);
            String at = "perClass[" + c + "]";
            perClass.add(new EvalSummary.ClassScores((int) integer(e, at, "class"), number(e, at, "precision"),
                    number(e, at, "recall"), number(e, at, "f1"), integer(e, at, "support")));
        }
        return new EvalSummary(number(root, "", "accuracy"), numberOrNaN(root, "meanLogLoss"),
                integer(root, "", "count"), number(root, "", "macroF1"), List.copyOf(perClass), confusion);
    }

    private JsonNode array(JsonNode o, String key) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isArray()) {
            throw fail(key + ": expected an array but found " + shorten(v));
        }
        return v;
    }

    private double number(JsonNode o, String at, String key) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isNumber()) {
            throw fail(path(at, key) + ": expected a number but found " + shorten(v));
        }
        return v.doubleValue();
    }

    private static double numberOrNaN(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
    }

    private long integer(JsonNode o, String at, String key) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw fail(path(at, key) + ": expected an integer but found " + shorten(v));
        }
        return v.longValue();
    }

    private static String path(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static String shorten(JsonNode v) {
        String s = v == null ? "nothing" : v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private ReportInputException fail(String message) {
        return new ReportInputException(file + ": " + message);
    }

    private ReportInputException fail(String message, Throwable cause) {
        return new ReportInputException(file + ": " + message, cause);
    }
}
