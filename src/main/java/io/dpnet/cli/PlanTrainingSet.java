package io.dpnet.cli;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The training set the plan's calibrations ({@link PlanRealStep}, {@link PlanResidentStep}) load
 * into cached shards as training does — the configured IDX training files, up to
 * {@link #MAX_SAMPLES} — or why there is none (the plan then goes without that calibration and
 * prints the reason).
 */
record PlanTrainingSet(IdxDataset set, String whyNot) {
    /** Largest training set loaded for a calibration (cached in full, as training does). */
    static final long MAX_SAMPLES = 200_000;

    static PlanTrainingSet open(Configuration hadoop, TrainConfig config) {
        var data = config.data();
        if (data.format() != DataFormat.IDX) {
            return not("data.format=" + data.format().key() + " (the calibration reads IDX training files)");
        }
        IdxDataset set;
        try {
            String images = data.trainImages().isEmpty() ? IdxLayout.images(hadoop, data.dir(), "train")
                    : data.trainImages();
            String labels = data.trainLabels().isEmpty() ? IdxLayout.labels(hadoop, data.dir(), "train")
                    : data.trainLabels();
            set = IdxDataset.open(hadoop, images, labels, config.modelSpec().outputSize());
        } catch (java.io.IOException e) {
            return not("no readable IDX training files (" + e.getMessage() + ")");
        }
        if (set.count() > MAX_SAMPLES) {
            return not(String.format(Locale.ROOT, "the training set has %,d samples; the calibration loads at most %,d",
                    set.count(), MAX_SAMPLES));
        }
        return new PlanTrainingSet(set, null);
    }

    private static PlanTrainingSet not(String why) {
        return new PlanTrainingSet(null, why);
    }
}
