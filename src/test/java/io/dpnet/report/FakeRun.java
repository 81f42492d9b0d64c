package io.dpnet.report;

import io.dpnet.eval.ConfusionMatrix;
import io.dpnet.eval.EvaluationReport;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.eval.Misclassification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes a small but complete training run directory, as {@code dpnet train} would: a 16-8-3
 * model on 4×4 "images", five epochs of metrics with validation figures (and an epoch without a
 * test evaluation), an evaluation and five misclassified images. Config and provenance contain
 * markup, to check that the report escapes it.
 */
final class FakeRun {
    static final int SIDE = 4;
    static final int CLASSES = 3;
    static final int EPOCHS = 5;
    static final int BEST_EPOCH = 3;
    static final int MISCLASSIFIED = 5;
    /** A provenance value full of characters that mean something in HTML. */
    static final String NASTY = "<script>alert(\"x\")</script> & 'quoted' </table>";
    static final long[][] CONFUSION = {{50, 3, 0}, {4, 40, 6}, {0, 1, 46}};

    private FakeRun() {
    }

    static ModelSpec spec() {
        return ModelSpec.of(new int[] {SIDE * SIDE, 8, CLASSES}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
    }

    static Map<String, String> trainingConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("layers", "16,8,3");
        config.put("activations", "relu,softmax");
        config.put("optimizer", "adam");
        config.put("learningRate", "0.01");
        config.put("epochs", Integer.toString(EPOCHS));
        config.put("data.dir", "/data/<mnist> & co");
        config.put("data.test.images", "");
        return config;
    }

    /** Writes the run into {@code dir}; with {@code misclassified} false, no misclassified.json. */
    static void write(Path dir, boolean misclassified) throws IOException {
        write(dir, misclassified, BEST_EPOCH);
    }

    /** As {@link #write(Path, boolean)}, with the model taken from {@code bestEpoch}. */
    static void write(Path dir, boolean misclassified, int bestEpoch) throws IOException {
        Files.createDirectories(dir);
        Configuration conf = new Configuration();
        ModelSpec spec = spec();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("epochs", EPOCHS);
        metrics.put("bestEpoch", bestEpoch);
        metrics.put("stoppedEarly", bestEpoch < EPOCHS ? 1 : 0);
        metrics.put("testAccuracy", 0.9);
        metrics.put("trainingSeconds", 12.5);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sparkVersion", "4.2.0");
        provenance.put("note", NASTY);
        SavedModel model = SavedModel.builder(spec, new Sequential(spec).initParams(Init.HE, 7))
                .trainingConfig(trainingConfig())
                .datasetChecksums(Map.of("t10k-images-idx3-ubyte", "ab".repeat(32)))
                .metrics(metrics)
                .provenance(provenance)
                .build();
        ModelIo.save(conf, dir.resolve("model").toString(), model, false);

        StringBuilder lines = new StringBuilder();
        for (int e = 1; e <= EPOCHS; e++) {
            String test = e == 2 ? "\"testLoss\":null,\"testAccuracy\":null"
                    : String.format(Locale.ROOT, "\"testLoss\":%.4f,\"testAccuracy\":%.4f", 0.8 / e, 0.7 + 0.04 * e);
            lines.append(String.format(Locale.ROOT, "{\"epoch\":%d,\"steps\":%d,\"trainLoss\":%.4f,"
                    + "\"trainAccuracy\":%.4f,\"valLoss\":%.4f,\"valAccuracy\":%.4f,%s,\"samplesPerSecond\":1000.5,"
                    + "\"epochSeconds\":2.5,\"elapsedSeconds\":%.1f,\"learningRate\":%.5f}%n", e, e * 10, 1.0 / e,
                    0.6 + 0.07 * e, 0.9 / e, 0.65 + 0.05 * e, test, 2.5 * e, 0.01 / e));
        }
        Files.writeString(dir.resolve("metrics.jsonl"), lines);

        ConfusionMatrix cm = new ConfusionMatrix(CLASSES);
        for (int a = 0; a < CLASSES; a++) {
            for (int p = 0; p < CLASSES; p++) {
                for (long i = 0; i < CONFUSION[a][p]; i++) {
                    cm.add(a, p);
                }
            }
        }
        EvaluationReport.writeJson(conf, dir.resolve("eval.json").toString(),
                new EvaluationReport(cm, 0.3 * cm.total(), dir.resolve("model").toString(), "t10k"), false);

        if (misclassified) {
            MisclassifiedFile.write(conf, dir.resolve("misclassified.json").toString(), samples(), SIDE, SIDE);
        }
    }

    /** {@link #MISCLASSIFIED} images with distinct patterns, most confident first. */
    static List<Misclassification> samples() {
        Random rng = new Random(5);
        List<Misclassification> list = new ArrayList<>();
        for (int i = 0; i < MISCLASSIFIED; i++) {
            float[] pixels = new float[SIDE * SIDE];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = rng.nextInt(256) / 255f;
            }
            list.add(new Misclassification(100 + i * 7, i % CLASSES, (i + 1) % CLASSES, 0.99f - 0.1f * i, pixels));
        }
        return list;
    }
}
