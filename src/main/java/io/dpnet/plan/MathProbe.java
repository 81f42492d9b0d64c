package io.dpnet.plan;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import io.dpnet.optim.Optimizer;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the real code a synchronous step runs outside Spark: the configured network's forward +
 * backward into a double sum ({@link Sequential#gradient} as the tasks call it), and the driver's
 * update ({@link UpdateRule} with the configured optimizer). One call times one thread; the plan
 * runs {@link #math} in every task slot at once ({@code spark.plan.MathJob}), so that the cores'
 * and executors' contention is in the numbers as it is in a step.
 *
 * <p>The rows and the weights matter: the kernels skip zeros, in the inputs and in the ReLU
 * activations the weights produce. The probe runs real training rows where it can
 * ({@link Rows#ofPixels}); measured here, synthetic rows (80% zeros, random values) ran MNIST's
 * network about 20% slower than MNIST's own rows. It runs the weights it is given
 * ({@link Weights}): the network's initial ones by default, or a trained model's; measured
 * interleaved in one JVM on MNIST's rows, the default network trained 7 epochs ran 0.88× and 15
 * epochs 0.78× the time of its He-initialized weights (sparser activations).
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
    /**
     * Each chunk size is timed for at least this long in all, spread over {@link #ROUNDS} rounds
     * that visit every size in turn: a slow spell (another process, a frequency change) then
     * touches all sizes alike instead of one.
     */
    private static final long MEASURE_NANOS = 300_000_000L;
    static final int ROUNDS = 6;

    private MathProbe() {
    }

    /**
     * The rows a probe passes through the network: {@code count} samples of {@code features} 8-bit
     * pixels (scaled as every read path scales them) and their labels, and where they came from.
     */
    public record Rows(byte[] pixels, int[] labels, int features, String source) implements java.io.Serializable {
        public Rows {
            if (features < 1 || pixels.length != labels.length * features || labels.length == 0) {
                throw new IllegalArgumentException("rows need " + features + " pixels per label, got "
                        + pixels.length + " pixels and " + labels.length + " labels");
            }
        }

        /** Real rows, e.g. the first rows of the training set. */
        public static Rows ofPixels(byte[] pixels, int[] labels, int features, String source) {
            return new Rows(pixels, labels, features, source);
        }

        /** Stand-in rows when the training set cannot be read: 80% zero pixels like MNIST's, seeded. */
        public static Rows synthetic(ModelSpec spec, int count) {
            SplittableRandom random = new SplittableRandom(7);
            byte[] pixels = new byte[count * spec.inputSize()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextDouble() < ZERO_SHARE ? 0 : (byte) (1 + random.nextInt(255));
            }
            int[] labels = new int[count];
            for (int r = 0; r < count; r++) {
                labels[r] = random.nextInt(spec.outputSize());
            }
            return new Rows(pixels, labels, spec.inputSize(), "synthetic rows (80% zeros)");
        }

        /** These rows, their source saying why they are the ones used. */
        public Rows because(String why) {
            return new Rows(pixels, labels, features, source + "; " + why);
        }

        int count() {
            return labels.length;
        }

        /** {@code rows} rows as floats, repeating the given ones if there are fewer. */
        float[] floats(int rows) {
            float[] x = new float[rows * features];
            for (int r = 0; r < rows; r++) {
                int from = (r % count()) * features;
                for (int j = 0; j < features; j++) {
                    x[r * features + j] = IdxDataset.pixelValue(pixels[from + j] & 0xff);
                }
            }
            return x;
        }

        int[] labels(int rows) {
            int[] y = new int[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = labels[r % count()];
            }
            return y;
        }
    }

    /** The weights a probe runs the network with, and where they came from (printed by the plan). */
    public record Weights(float[] params, String source) implements java.io.Serializable {
        /** He-initialized weights (seed 1): a network before training. */
        public static Weights initial(ModelSpec spec) {
            return new Weights(new Sequential(spec).initParams(Init.HE, 1), ComputeCosts.INITIAL_WEIGHTS);
        }

        /** A trained model's weights, e.g. a run's {@code model} directory. */
        public static Weights trained(ModelSpec spec, float[] params, String source) {
            if (params.length != spec.paramCount()) {
                throw new IllegalArgumentException(source + " has " + params.length + " parameters, the network "
                        + spec + " has " + spec.paramCount());
            }
            return new Weights(params, source);
        }
    }

    /** What one probe runs: the network, the kernel, the rows and the weights. */
    public record Setup(ModelSpec spec, String kernel, Rows rows, Weights weights) implements java.io.Serializable {
        public Setup {
            if (rows.features() != spec.inputSize()) {
                throw new IllegalArgumentException("rows have " + rows.features() + " features, the network takes "
                        + spec.inputSize());
            }
            if (weights.params().length != spec.paramCount()) {
                throw new IllegalArgumentException("weights have " + weights.params().length
                        + " parameters, the network takes " + spec.paramCount());
            }
        }
    }

    /**
     * Forward + backward seconds per sample at each of {@link #CHUNKS} on this thread, after the JIT
     * has settled, from interleaved rounds (means: an epoch pays the mean pass). {@code warmup}
     * receives the warm-up's passes and seconds.
     */
    public static MathCost math(Setup setup, Warmup warmup) {
        ModelSpec spec = setup.spec();
        Rows rows = setup.rows();
        int maxRows = TrainingPlan.MAX_CHUNK_ROWS;
        Sequential net = new Sequential(spec);
        // A copy: in local mode every task runs in one JVM; nothing writes the weights, but none shares them.
        float[] params = setup.weights().params().clone();
        double[] gradient = new double[spec.paramCount()];
        Workspace ws = net.workspace(maxRows, Gemm.create(setup.kernel()));
        float[] x = rows.floats(maxRows);
        int[] labels = rows.labels(maxRows);
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
        warmup.done(groups * GROUP, maxRows, (System.nanoTime() - start) / 1e9);
        List<List<double[]>> perChunk = new ArrayList<>();
        for (int i = 0; i < CHUNKS.length; i++) {
            perChunk.add(new ArrayList<>());
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < CHUNKS.length; i++) {
                int n = CHUNKS[i];
                Runnable pass = () -> net.gradient(params, x, 0, labels, 0, n, gradient, ws, null);
                perChunk.get(i).add(timeFor(pass, MEASURE_NANOS / ROUNDS, 3));
            }
        }
        Measured[] perSample = new Measured[CHUNKS.length];
        for (int i = 0; i < CHUNKS.length; i++) {
            double[] all = perChunk.get(i).stream().flatMapToDouble(Arrays::stream).toArray();
            perSample[i] = Measured.meanOf(all).times(1.0 / CHUNKS[i]);
        }
        return new MathCost(CHUNKS.clone(), perSample, maxRows);
    }

    /** What the warm-up took: passes of {@code rows} rows in {@code seconds}. */
    @FunctionalInterface
    public interface Warmup {
        void done(int passes, int rows, double seconds);
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
        return Measured.of(timeFor(update, MEASURE_NANOS, 10)).times(1.0 / n);
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

    /** Repetitions for at least {@code nanos} ({@code min} at least, 2,000 at most), seconds each. */
    private static double[] timeFor(Runnable r, long nanos, int min) {
        double[] t = new double[2000];
        long start = System.nanoTime();
        int i = 0;
        while (i < t.length && (i < min || System.nanoTime() - start < nanos)) {
            long t0 = System.nanoTime();
            r.run();
            t[i++] = (System.nanoTime() - t0) / 1e9;
        }
        return Arrays.copyOf(t, i);
    }
}
