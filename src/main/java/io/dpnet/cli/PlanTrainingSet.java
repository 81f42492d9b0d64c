package io.dpnet.cli;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.nn.ModelSpec;
import io.dpnet.plan.MathProbe;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The training set the plan's calibrations ({@link PlanRealStep}, {@link PlanResidentStep}) load
 * into cached shards as training does — the configured IDX training files, up to
 * {@link #MAX_SAMPLES} — or why there is none (the plan then goes without that calibration and
 * prints the reason); and the real rows its math probe runs ({@link #mathRows}).
 */
record PlanTrainingSet(IdxDataset set, String whyNot) {
    /** Largest training set loaded for a calibration (cached in full, as training does). */
    static final long MAX_SAMPLES = 200_000;

    static PlanTrainingSet open(Configuration hadoop, TrainConfig config) {
        PlanTrainingSet any = openAnySize(hadoop, config);
        if (any.set() != null && any.set().count() > MAX_SAMPLES) {
            return not(String.format(Locale.ROOT, "the training set has %,d samples; the calibration loads at most %,d",
                    any.set().count(), MAX_SAMPLES));
        }
        return any;
    }

    /**
     * The rows the math probe runs: the training set's first {@code count} rows (fewer if it is
     * smaller), or synthetic rows, saying why, when it cannot be read.
     */
    static MathProbe.Rows mathRows(Configuration hadoop, TrainConfig config, int count) {
        ModelSpec spec = config.modelSpec();
        PlanTrainingSet training = openAnySize(hadoop, config);
        IdxDataset set = training.set();
        if (set == null) {
            return MathProbe.Rows.synthetic(spec, count).because(training.whyNot());
        }
        if (set.features() != spec.inputSize()) {
            // Training itself refuses this configuration and names the mismatch; the plan still sizes the network.
            return MathProbe.Rows.synthetic(spec, count).because("the training set has " + set.features()
                    + " features, the network takes " + spec.inputSize());
        }
        int n = (int) Math.min(count, set.count());
        byte[] pixels = new byte[n * set.features()];
        byte[] labels = new byte[n];
        try {
            set.readBytes(hadoop, 0, n, pixels, labels);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading the math probe's rows from " + set.imagesPath(), e);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] & 0xff;
        }
        return MathProbe.Rows.ofPixels(pixels, y, set.features(), String.format(Locale.ROOT,
                "the first %d training rows", n));
    }

    private static PlanTrainingSet openAnySize(Configuration hadoop, TrainConfig config) {
        var data = config.data();
        if (data.format() != DataFormat.IDX) {
            return not("data.format=" + data.format().key() + " (the calibration reads IDX training files)");
        }
        try {
            String images = data.trainImages().isEmpty() ? IdxLayout.images(hadoop, data.dir(), "train")
                    : data.trainImages();
            String labels = data.trainLabels().isEmpty() ? IdxLayout.labels(hadoop, data.dir(), "train")
                    : data.trainLabels();
            return new PlanTrainingSet(IdxDataset.open(hadoop, images, labels, config.modelSpec().outputSize()), null);
        } catch (java.io.IOException e) {
            return not("no readable IDX training files (" + e.getMessage() + ")");
        }
    }

    private static PlanTrainingSet not(String why) {
        return new PlanTrainingSet(null, why);
    }
}
