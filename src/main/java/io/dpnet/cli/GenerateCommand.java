package io.dpnet.cli;

import io.dpnet.data.IdxLayout;
import io.dpnet.data.augment.DeformParams;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.generate.GenerateRequest;
import io.dpnet.spark.generate.Mnist8mJob;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes an MNIST-8M-like training set: every original image, then --variants",
            "deformed copies of it (random affine + elastic, seeded per image and variant),",
            "as IDX and/or Parquet, with a Spark job over ranges of images. The same command",
            "gives the same IDX bytes for any --partitions. Prints the SHA-256 of every file",
            "and writes them to SHA256SUMS. See docs/mnist8m.md."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist",
            description = "Directory with train-images-idx3-ubyte and train-labels-idx1-ubyte (or their .gz). "
                    + "Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--images", paramLabel = "FILE", description = "An idx3 images file (instead of --data's).")
    String images;

    @Option(names = "--labels", paramLabel = "FILE", description = "An idx1 labels file (instead of --data's).")
    String labels;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory (any Hadoop path), written to a temporary sibling and renamed into place.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing output directory written by generate.")
    boolean overwrite;

    @Option(names = "--variants", paramLabel = "N", defaultValue = "134",
            description = "Deformed variants per image; 134 gives 60,000 x 135 = 8.1 M samples. Default: ${DEFAULT-VALUE}.")
    int variants;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Deformation seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", paramLabel = "FMT", split = ",", defaultValue = "idx",
            description = "idx, parquet or idx,parquet. Default: ${DEFAULT-VALUE}.")
    List<String> formats;

    @Option(names = "--gzip", description = "Gzip the IDX files (names end in .gz).")
    boolean gzip;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
            description = "Spark tasks (ranges of images); 0 = one per 1,000 images. Never changes the IDX bytes.")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not set by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--alpha", paramLabel = "PX", defaultValue = "34", description = "Elastic strength in pixels. Default: ${DEFAULT-VALUE}.")
    float alpha;

    @Option(names = "--sigma", paramLabel = "PX", defaultValue = "4", description = "Smoothing of the elastic field in pixels. Default: ${DEFAULT-VALUE}.")
    float sigma;

    @Option(names = "--rotation", paramLabel = "DEG", defaultValue = "10", description = "Max rotation in degrees. Default: ${DEFAULT-VALUE}.")
    float rotation;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "0.1", description = "Max relative scale change. Default: ${DEFAULT-VALUE}.")
    float scale;

    @Option(names = "--shear", paramLabel = "X", defaultValue = "0.15", description = "Max horizontal shear. Default: ${DEFAULT-VALUE}.")
    float shear;

    @Option(names = "--shift", paramLabel = "PX", defaultValue = "2", description = "Max translation in pixels. Default: ${DEFAULT-VALUE}.")
    float shift;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        GenerateRequest request = new GenerateRequest(
                images != null ? images : IdxLayout.images(hadoop, data, "train"),
                labels != null ? labels : IdxLayout.labels(hadoop, data, "train"),
                out, variants, seed, new DeformParams(alpha, sigma, rotation, scale, shear, shift),
                formats(), partitions, overwrite);
        Mnist8mJob.preflight(hadoop, request);
        PrintStream stdout = System.out;
        ProgressLine progress = new ProgressLine(stdout, System.console() != null);
        long start = System.nanoTime();
        Mnist8mJob.Result result;
        try (JavaSparkContext sc = SparkContexts.create("dpnet generate", master)) {
            result = Mnist8mJob.run(sc, request, progress::update);
        }
        progress.finish();
        result.sha256().forEach((file, hex) -> stdout.println(hex + "  " + out + "/" + file));
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.printf(Locale.ROOT, "generate: %,d samples (%,d per image) in %s wall time incl. Spark start: %,.0f samples/s; sums in %s/%s%n",
                result.samples(), request.perImage(), ConsoleProgress.duration(seconds), result.samples() / seconds,
                out, Mnist8mJob.SUMS);
        return 0;
    }

    private GenerateRequest.Formats formats() {
        for (String f : formats) {
            if (!f.equals("idx") && !f.equals("parquet")) {
                throw new IllegalArgumentException("--format: unknown format '" + f + "' (expected idx, parquet or both)");
            }
        }
        return new GenerateRequest.Formats(formats.contains("idx"), gzip, formats.contains("parquet"));
    }

    /** One progress line: redrawn in place on a terminal, a new line every 10 s elsewhere (logs). */
    static final class ProgressLine {
        private final PrintStream out;
        private final boolean interactive;
        private long lastPrint;
        private boolean drawn;
        private String finishedPhase;

        ProgressLine(PrintStream out, boolean interactive) {
            this.out = out;
            this.interactive = interactive;
        }

        synchronized void update(String phase, long done, long total, double seconds) {
            long now = System.nanoTime();
            boolean last = done >= total;
            if (last ? phase.equals(finishedPhase)
                    : now - lastPrint < (interactive ? 500_000_000L : 10_000_000_000L)) {
                return;
            }
            if (last) {
                finishedPhase = phase;
            }
            lastPrint = now;
            double rate = done / Math.max(seconds, 1e-9);
            double eta = (total - done) / Math.max(rate, 1e-9);
            String line = String.format(Locale.ROOT, "generate %s %3.0f%% | %,d/%,d samples | %,.0f samples/s | ETA %s",
                    phase, 100.0 * done / total, done, total, rate, done == 0 ? "?" : ConsoleProgress.duration(eta));
            if (interactive) {
                out.print("\r" + line);
                drawn = true;
                if (last) {
                    out.println();
                    drawn = false;
                }
            } else {
                out.println(line);
            }
            out.flush();
        }

        synchronized void finish() {
            if (drawn) {
                out.println();
            }
        }
    }
}
