package io.dpnet.plan;

import io.dpnet.config.TrainConfig;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import io.dpnet.optim.Optimizer;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.UpdateRule;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Times, on one thread, the real code a synchronous step runs outside Spark: the configured
 * network's forward + backward into a double sum ({@link Sequential#gradient} as the tasks call
 * it) on synthetic rows, and the driver's update ({@link UpdateRule} with the configured
 * optimizer). Synthetic rows are 80% zeros like MNIST's pixels, because the kernels skip zero
 * inputs: a denser input set runs slower than measured here.
 */
public final class MathProbe {
    /** Chunk sizes measured: the step's passes have at most {@link TrainingPlan#MAX_CHUNK_ROWS} rows. */
    static final int[] CHUNKS = {8, 16, 32, 64, 128, 256};
    private static final double ZERO_SHARE = 0.8;
    /** Warm-up ends when a group of passes is within this of the previous group... */
    private static final double STABLE = 0.05;
    private static final int GROUP = 8;
    /** ... or after this long: the JIT may take ~10 s on a loaded machine (KernelWarmup). */
    private static final long WARMUP_LIMIT_NANOS = 40_000_000_000L;
    /** Each chunk size is timed for at least this long. */
    private static final long MEASURE_NANOS = 300_000_000L;

    private MathProbe() {
    }

    /** Forward + backward seconds per sample at each of {@link #CHUNKS}, after the JIT has settled. */
    public static MathCost math(ModelSpec spec, String kernel, Consumer<String> progress) {
        int maxRows = TrainingPlan.MAX_CHUNK_ROWS;
        Sequential net = new Sequential(spec);
        float[] params = net.initParams(Init.HE, 1);
        double[] gradient = new double[spec.paramCount()];
        Workspace ws = net.workspace(maxRows, Gemm.create(kernel));
        SplittableRandom random = new SplittableRandom(7);
        float[] x = new float[maxRows * spec.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < ZERO_SHARE ? 0f : (float) random.nextDouble();
        }
        int[] labels = new int[maxRows];
        for (int r = 0; r < maxRows; r++) {
            labels[r] = random.nextInt(spec.outputSize());
        }
        Runnable full = () -> net.gradient(params, x, 0, labels, 0, maxRows, gradient, ws, null);
        long start = System.nanoTime();
        double previous = Double.NaN;
        int groups = 0;
        while (System.nanoTime() - start < WARMUP_LIMIT_NANOS) {
            double median = Measured.of(time(full, GROUP)).value();
            groups++;
            if (groups >= 4 && Math.abs(median - previous) <= STABLE * previous) {
                break;
            }
            previous = median;
        }
        progress.accept(String.format(java.util.Locale.ROOT, "math warm-up: %d passes of %d rows in %.1f s",
                groups * GROUP, maxRows, (System.nanoTime() - start) / 1e9));
        Measured[] perSample = new Measured[CHUNKS.length];
        for (int i = 0; i < CHUNKS.length; i++) {
            int rows = CHUNKS[i];
            Runnable pass = () -> net.gradient(params, x, 0, labels, 0, rows, gradient, ws, null);
            perSample[i] = Measured.of(timeFor(pass, MEASURE_NANOS)).times(1.0 / rows);
        }
        return new MathCost(CHUNKS.clone(), perSample, maxRows);
    }

    /** The driver's update per parameter: finite check, mean rounded to float, optimizer step. */
    public static Measured driverUpdate(TrainConfig config) {
        ModelSpec spec = config.modelSpec();
        int n = spec.paramCount();
        UpdateRule rule = config.plan().updateRule();
        Optimizer optimizer = config.optimizerSpec().create(n);
        float[] params = new Sequential(spec).initParams(Init.HE, 1);
        double[] sum = new double[n];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            sum[i] = random.nextGaussian() * 1e-2;
        }
        float[][] mean = {null};
        Runnable update = () -> {
            if (!finite(sum)) {
                throw new IllegalStateException("synthetic gradient not finite");
            }
            mean[0] = UpdateRule.mean(sum, 1024, mean[0]);
            rule.applyMean(params, mean[0], optimizer, 1e-4f);
        };
        time(update, 20);  // warm-up
        return Measured.of(timeFor(update, MEASURE_NANOS)).times(1.0 / n);
    }

    /** The same scan DriverUpdate makes before applying a step (DistributedTrainer.finite). */
    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double[] time(Runnable r, int reps) {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return t;
    }

    /** Repetitions for at least {@code nanos} (10 at least, 2,000 at most), seconds each. */
    private static double[] timeFor(Runnable r, long nanos) {
        double[] t = new double[2000];
        long start = System.nanoTime();
        int i = 0;
        while (i < t.length && (i < 10 || System.nanoTime() - start < nanos)) {
            long t0 = System.nanoTime();
            r.run();
            t[i++] = (System.nanoTime() - t0) / 1e9;
        }
        return java.util.Arrays.copyOf(t, i);
    }
}
