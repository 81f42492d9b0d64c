package io.dpnet.run;

import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainResult;

import io.dpnet.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What every trained model records about its training, whoever trained it (the CLI's
 * {@code train} or the Pipeline API's {@code fit}): the metrics of the run and the provenance
 * of the environment. Callers add what only they know (test metrics, row counts).
 */
public final class TrainingRecord {
    private TrainingRecord() {
    }

    /** Epochs, steps, early stopping and the model epoch's training/validation figures. */
    public static Map<String, Object> metrics(TrainResult result) {
        EpochMetrics last = result.last();
        // The model's own epoch: the best one under early stopping, else the last.
        EpochMetrics model = result.history().get(result.bestEpoch() - 1);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("epochs", last.epoch());
        metrics.put("bestEpoch", result.bestEpoch());
        metrics.put("stoppedEarly", result.stoppedEarly() ? 1 : 0);
        metrics.put("steps", result.steps());
        metrics.put("trainLoss", model.trainLoss());
        metrics.put("trainAccuracy", model.trainAccuracy());
        putFinite(metrics, "valLoss", model.valLoss());
        putFinite(metrics, "valAccuracy", model.valAccuracy());
        return metrics;
    }

    /** Spark and Java versions, master, user, kernel and the learning rate the schedule started from. */
    public static Map<String, String> provenance(JavaSparkContext sc, TrainConfig config) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sparkVersion", sc.version());
        provenance.put("master", sc.master());
        provenance.put("javaVersion", System.getProperty("java.version"));
        provenance.put("user", System.getProperty("user.name"));
        provenance.put("kernel", config.kernel());
        // What the schedule really started from, after lr.scaling (learningRate is the config's value).
        provenance.put("effectiveLearningRate", Double.toString(config.effectiveLearningRate()));
        return provenance;
    }

    /** Model metrics must be finite numbers; an undefined one (NaN) is left out. */
    public static void putFinite(Map<String, Object> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }
}
