package io.dpnet.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.model.AtomicPublish;
import io.dpnet.nn.RegressionSums;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * A regression model's evaluation ({@code eval.json} with {@code "task": "regression"}): RMSE,
 * MAE and R² of the one output against the label, from {@link RegressionSums} merged over the
 * partitions. {@code count} is the summed row weight (the row count when unweighted).
 */
public final class RegressionReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RegressionSums sums;
    private final String modelPath;
    private final String dataPath;

    public RegressionReport(RegressionSums sums, String modelPath, String dataPath) {
        this.sums = sums;
        this.modelPath = modelPath;
        this.dataPath = dataPath;
    }

    public double rmse() {
        return sums.rmse(0);
    }

    public double mae() {
        return sums.mae(0);
    }

    /** NaN when the labels are constant. */
    public double r2() {
        return sums.r2(0);
    }

    public double count() {
        return sums.weight();
    }

    /** e.g. {@code RMSE 0.5012, MAE 0.3990, R² 0.9712 on 2,000 rows}. */
    public String summary() {
        return String.format(Locale.ROOT, "RMSE %.4f, MAE %.4f, R² %s on %,.0f rows", rmse(), mae(),
                Double.isNaN(r2()) ? "n/a" : String.format(Locale.ROOT, "%.4f", r2()), count());
    }

    /** Pretty-printed JSON; {@code r2} is null when undefined. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("task", "regression");
        root.put("rmse", rmse());
        root.put("mae", mae());
        if (Double.isFinite(r2())) {
            root.put("r2", r2());
        } else {
            root.putNull("r2");
        }
        root.put("count", count());
        root.put("model", modelPath);
        root.put("data", dataPath);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize a JSON tree", e);
        }
    }

    /** Writes {@link #toJson()} to {@code path} atomically, like {@link EvaluationReport#writeJson}. */
    public static void writeJson(Configuration conf, String path, RegressionReport r, boolean overwrite)
            throws IOException {
        byte[] bytes = (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicPublish.publishFile(conf, path, overwrite, (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
        });
    }
}
