package io.dpnet.report;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything a report shows, read from a training run directory: the saved model (with its
 * config, checksums, metrics and provenance), the per-epoch metrics, the final evaluation and,
 * when present, the most confidently misclassified test images.
 *
 * @param eval the classification figures, or null for a regression run
 * @param regression the regression figures, or null for a classification run
 * @param misclassified empty when the run has no {@code misclassified.json}
 */
public record RunData(String dir, SavedModel model, List<EpochRecord> epochs, EvalSummary eval,
                      RegressionSummary regression, Optional<List<MisclassifiedImage>> misclassified) {
    /**
     * Reads the run directory {@code dir}; {@code model/}, {@code metrics.jsonl} and
     * {@code eval.json} are required, {@code misclassified.json} is optional.
     */
    public static RunData load(Configuration conf, String dir) throws IOException {
        SavedModel model = ModelIo.load(conf, RunDirectory.resolve(dir, RunDirectory.MODEL_DIR));
        List<EpochRecord> epochs = MetricsFile.read(conf, RunDirectory.resolve(dir, RunDirectory.METRICS));
        String evalFile = RunDirectory.resolve(dir, RunDirectory.EVAL);
        RegressionSummary regression = EvalFile.readRegression(conf, evalFile);
        EvalSummary eval = regression == null ? EvalFile.read(conf, evalFile) : null;
        String misclassifiedFile = RunDirectory.resolve(dir, RunDirectory.MISCLASSIFIED);
        Optional<List<MisclassifiedImage>> misclassified = RunDirectory.exists(conf, misclassifiedFile)
                ? Optional.of(MisclassifiedFile.read(conf, misclassifiedFile))
                : Optional.empty();
        return new RunData(dir, model, List.copyOf(epochs), eval, regression, misclassified);
    }

    /** Whether this is a regression run (no accuracy, confusion matrix or misclassified images). */
    public boolean isRegression() {
        return regression != null;
    }

    /** {@code bestEpoch} from the model's metrics, if recorded. */
    public Optional<Long> bestEpoch() {
        Object v = model.metrics().get("bestEpoch");
        return v instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /**
     * The epoch the saved weights come from when it is not the last one (early stopping kept an
     * earlier, better epoch); empty when the model is simply the final epoch's.
     */
    public Optional<Long> earlierModelEpoch() {
        return bestEpoch().filter(e -> e != epochsTrained());
    }

    /** Whether training stopped before its configured epochs ({@code stoppedEarly} metric). */
    public boolean stoppedEarly() {
        return model.metrics().get("stoppedEarly") instanceof Number n && n.doubleValue() != 0;
    }

    /** Epochs trained: the model's {@code epochs} metric, else the last line of metrics.jsonl. */
    public long epochsTrained() {
        Object v = model.metrics().get("epochs");
        if (v instanceof Number n) {
            return n.longValue();
        }
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
    }
}
