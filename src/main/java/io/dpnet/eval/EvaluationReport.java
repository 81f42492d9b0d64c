package io.dpnet.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.model.AtomicPublish;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The result of evaluating a model on a labelled data set, as a text table for people and as JSON
 * for scripts.
 *
 * <p>The log-loss is optional: a model without a softmax output has no class probabilities, and
 * the caller passes {@code NaN}; the report then shows "n/a" and JSON {@code null}.
 */
public final class EvaluationReport {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final ConfusionMatrix confusion;
    private final double logLossSum;
    private final String modelPath;
    private final String dataPath;

    /**
     * @param logLossSum sum over samples of {@code −ln p(actual class)}, or NaN if not applicable
     */
    public EvaluationReport(ConfusionMatrix confusion, double logLossSum, String modelPath, String dataPath) {
        // A snapshot: the caller's matrix may keep accumulating.
        this.confusion = new ConfusionMatrix(confusion.classes()).merge(confusion);
        this.logLossSum = logLossSum;
        this.modelPath = modelPath;
        this.dataPath = dataPath;
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    /** Mean log-loss per sample; NaN if it was not computed or there are no samples. */
    public double meanLogLoss() {
        long n = confusion.total();
        return n == 0 ? Double.NaN : logLossSum / n;
    }

    public long count() {
        return confusion.total();
    }

    public double macroF1() {
        return confusion.macroF1();
    }

    /** A multi-line, fixed-width text report ending in a newline. */
    public String summary() {
        int classes = confusion.classes();
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(modelPath).append('\n');
        sb.append("data  ").append(dataPath).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%-14s %d%n", "samples", count()));
        sb.append(String.format(Locale.ROOT, "%-14s %s%n", "accuracy", fixed(accuracy())));
        sb.append(String.format(Locale.ROOT, "%-14s %s%n", "mean log-loss", fixed(meanLogLoss())));
        sb.append(String.format(Locale.ROOT, "%-14s %s%n%n", "macro F1", fixed(macroF1())));

        int classWidth = Math.max("class".length(), digits(classes - 1));
        long maxSupport = 0;
        for (int c = 0; c < classes; c++) {
            maxSupport = Math.max(maxSupport, confusion.support(c));
        }
        int supportWidth = Math.max("support".length(), digits(maxSupport));
        String row = "%" + classWidth + "s  %9s  %9s  %9s  %" + supportWidth + "s%n";
        sb.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(Locale.ROOT, row, c, fixed(confusion.precision(c)), fixed(confusion.recall(c)),
                    fixed(confusion.f1(c)), confusion.support(c)));
        }

        sb.append("\nconfusion matrix (rows = actual, columns = predicted)\n");
        long[][] m = confusion.toArray();
        long maxCount = 0;
        for (long[] r : m) {
            for (long v : r) {
                maxCount = Math.max(maxCount, v);
            }
        }
        String corner = "actual\\predicted";
        int cell = Math.max(digits(maxCount), digits(classes - 1));
        sb.append(corner);
        for (int p = 0; p < classes; p++) {
            sb.append(String.format(Locale.ROOT, "  %" + cell + "d", p));
        }
        sb.append('\n');
        for (int a = 0; a < classes; a++) {
            sb.append(String.format(Locale.ROOT, "%" + corner.length() + "d", a));
            for (int p = 0; p < classes; p++) {
                sb.append(String.format(Locale.ROOT, "  %" + cell + "d", m[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Pretty-printed JSON; numbers are full precision, {@code meanLogLoss} is null when undefined. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("accuracy", accuracy());
        double meanLogLoss = meanLogLoss();
        if (Double.isFinite(meanLogLoss)) {
            root.put("meanLogLoss", meanLogLoss);
        } else {
            root.putNull("meanLogLoss");
        }
        root.put("count", count());
        root.put("macroF1", macroF1());
        ArrayNode perClass = root.putArray("perClass");
        for (int c = 0; c < confusion.classes(); c++) {
            perClass.addObject()
                    .put("class", c)
                    .put("precision", confusion.precision(c))
                    .put("recall", confusion.recall(c))
                    .put("f1", confusion.f1(c))
                    .put("support", confusion.support(c));
        }
        ArrayNode matrix = root.putArray("confusionMatrix");
        for (long[] r : confusion.toArray()) {
            ArrayNode jsonRow = matrix.addArray();
            for (long v : r) {
                jsonRow.add(v);
            }
        }
        root.put("model", modelPath);
        root.put("data", dataPath);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize a JSON tree", e);
        }
    }

    /**
     * Writes {@link #toJson()} to the file {@code path} on any Hadoop file system, atomically
     * (see {@link AtomicPublish}); {@code overwrite} replaces an existing file, never a directory.
     *
     * @throws org.apache.hadoop.fs.FileAlreadyExistsException "{@code <path> already exists (pass
     *     --overwrite to replace it)}"
     */
    public static void writeJson(Configuration conf, String path, EvaluationReport r, boolean overwrite)
            throws IOException {
        byte[] bytes = (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicPublish.publishFile(conf, path, overwrite, (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
        });
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static int digits(long v) {
        return Long.toString(v).length();
    }
}
