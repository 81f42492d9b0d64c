package io.dpnet.spark.plan;

import io.dpnet.plan.Measured;
import io.dpnet.plan.SparkCosts;
import io.dpnet.plan.TreeShape;
import io.dpnet.train.GradientSum;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Times bare Spark jobs in the context's own mode (local, or executor JVMs) and derives
 * {@link SparkCosts}: every job is a {@code treeAggregate} over a cached RDD of one integer per
 * partition, so it costs what Spark costs and nothing else. The jobs:
 * <ul>
 *   <li>tiny payloads on 1, 2, 3, 4, 6, 8 (and slots) tasks, depth 1: the fixed cost
 *       a + b·tasks + w·(waves − 1), by least squares (w = 0 on one slot, where waves = tasks);</li>
 *   <li>on {@code slots} tasks, a broadcast float[] of ¼, ½, 1× the model's weights read by every
 *       task: the broadcast's cost per byte (slope over the bare job);</li>
 *   <li>on 1 and on {@code slots} tasks, a {@link GradientSum} result (dpnet's own, Kryo, merged
 *       by its own merge) of ¼, ½, 1× the model's double gradient: per result byte once (the
 *       tasks serialize in parallel) and per result that reaches the driver;</li>
 *   <li>8 tasks at depth 2 (one treeAggregate level by Spark's rule), tiny and with a full
 *       gradient: a level's fixed cost and its shuffle write per byte;</li>
 *   <li>with {@link #withRealStep}, the engine's real step at a tiny batch on the real training
 *       shards, {@link #REAL_STEP_BURST} back to back: what a step costs beyond the model's terms
 *       of the same round, its math taken out ({@link SparkCosts#realStepExtra}).</li>
 * </ul>
 * The broadcast jobs ship random floats, as a step ships weights. The kinds are interleaved (one
 * of each, then again), and every constant is derived within a round before the rounds are
 * summarized (by their mean: an epoch pays the mean step), so a changing load hits all alike.
 */
public final class SparkProbe {
    /** Rounds before timing: the first jobs of a fresh context run cold (class loading, JIT). */
    public static final int WARMUP = 8;
    private static final double[] FRACTIONS = {0.25, 0.5, 1.0};
    private static final int TREE_TASKS = 8;
    private static final String REAL_STEP = "real step";
    /**
     * Real steps per round, back to back as training runs them, their mean taken: a lone step
     * between the probe's other jobs also pays for their garbage (the result jobs allocate
     * model-sized sums) and came out 10–20 ms dearer than training's steps in {@code local[1]}.
     */
    static final int REAL_STEP_BURST = 5;

    private final JavaSparkContext sc;
    private final int params;
    private final int slots;
    private final Map<Integer, JavaRDD<Integer>> rdds = new LinkedHashMap<>();
    /** Weights-like floats (not zeros) for the broadcast jobs, as a real step ships them. */
    private final float[] weights;
    private RealStep realStep;

    public SparkProbe(JavaSparkContext sc, int params) {
        this.sc = sc;
        this.params = params;
        this.slots = sc.defaultParallelism();
        this.weights = new float[params];
        java.util.Random random = new java.util.Random(params);
        for (int i = 0; i < params; i++) {
            weights[i] = (float) (0.05 * random.nextGaussian());
        }
    }

    /**
     * Also times {@code step} in every round and derives {@link SparkCosts#realStepExtra}: what it
     * costs beyond the bare job with the same payloads. Without it the correction is exactly 0.
     */
    public SparkProbe withRealStep(RealStep step) {
        this.realStep = step;
        return this;
    }

    /** One timed kind of job. */
    /** A probe job; {@code steps} > 1 runs that many back to back and records their mean. */
    private record Job(String name, java.util.function.LongSupplier run, int steps) {
        Job(String name, java.util.function.LongSupplier run) {
            this(name, run, 1);
        }
    }

    /** Runs every job {@code reps} times (interleaved, after {@code warmup} untimed rounds) and derives the constants. */
    public SparkCosts measure(int reps, int warmup, Consumer<String> progress) {
        List<Integer> taskCounts = new ArrayList<>(List.of(1, 2, 3, 4, 6, 8));
        if (!taskCounts.contains(slots)) {
            taskCounts.add(slots);
        }
        int resultTasks = Math.max(2, slots);
        List<Job> jobs = new ArrayList<>();
        for (int k : taskCounts) {
            jobs.add(new Job("bare " + k, () -> bare(k, 1)));
        }
        for (double f : FRACTIONS) {
            int floats = (int) Math.round(params * f);
            jobs.add(new Job("bcast " + f, () -> broadcast(slots, floats)));
            int doubles = floats;
            jobs.add(new Job("result 1 " + f, () -> result(1, doubles, 1)));
            jobs.add(new Job("result k " + f, () -> result(resultTasks, doubles, 1)));
        }
        jobs.add(new Job("tree bare", () -> bare(TREE_TASKS, 2)));
        jobs.add(new Job("tree result", () -> result(TREE_TASKS, params, 2)));
        if (!taskCounts.contains(resultTasks)) {
            jobs.add(new Job("bare " + resultTasks, () -> bare(resultTasks, 1)));
        }
        Map<String, double[]> stepMath = new LinkedHashMap<>();
        if (realStep != null) {
            stepMath.put(REAL_STEP, new double[reps]);
            jobs.add(new Job(REAL_STEP, () -> {
                long math = 0;
                for (int i = 0; i < REAL_STEP_BURST; i++) {
                    math += realStep.runReturningMathNanos();
                }
                return math;
            }, REAL_STEP_BURST));
        }

        Map<String, double[]> t = new LinkedHashMap<>();
        for (Job j : jobs) {
            t.put(j.name(), new double[reps]);
        }
        long start = System.nanoTime();
        for (int rep = -warmup; rep < reps; rep++) {
            for (Job j : jobs) {
                long t0 = System.nanoTime();
                long sink = j.run().getAsLong();
                double seconds = (System.nanoTime() - t0) / 1e9 / j.steps();
                if (sink < 0) {
                    throw new IllegalStateException("probe job " + j.name() + " returned " + sink);
                }
                if (rep >= 0) {
                    t.get(j.name())[rep] = seconds;
                    if (stepMath.containsKey(j.name())) {
                        stepMath.get(j.name())[rep] = sink / 1e9 / j.steps();
                    }
                }
            }
            if (rep >= 0 && (rep + 1) % Math.max(1, reps / 4) == 0) {
                progress.accept(String.format(Locale.ROOT, "spark jobs: %d/%d rounds of %d jobs (%.1f s)", rep + 1,
                        reps, jobs.size(), (System.nanoTime() - start) / 1e9));
            }
        }
        rdds.values().forEach(JavaRDD::unpersist);
        return derive(t, stepMath.get(REAL_STEP), reps, taskCounts, resultTasks, deserializePerByte(reps));
    }

    /** One round's timings by job name: the constants are derived per round, then summarized. */
    @FunctionalInterface
    private interface Round {
        double at(String job);
    }

    /**
     * Every constant is computed within each round — from jobs that ran moments apart, so a load
     * change between rounds cancels out of the differences — and then summarized over the rounds
     * (mean, 10th and 90th percentile: an epoch pays the mean step, and a job's cost on a busy
     * machine is right-skewed, so the median would under-state it).
     */
    private SparkCosts derive(Map<String, double[]> t, double[] stepMath, int reps, List<Integer> taskCounts,
                              int resultTasks, Measured deserialize) {
        double[][] x = new double[taskCounts.size()][];
        for (int i = 0; i < x.length; i++) {
            int k = taskCounts.get(i);
            x[i] = slots == 1 ? new double[] {1, k} : new double[] {1, k, waves(k) - 1};
        }
        double[] bcastBytes = sizes(4.0);
        double[] resultBytes = sizes(8.0);
        List<Integer> levels = TreeShape.levels(TREE_TASKS, 2);
        int reducers = levels.get(levels.size() - 1);
        int share = TREE_TASKS / reducers;
        double bytes = 8.0 * params;
        double[][] v = new double[8][reps];
        for (int r = 0; r < reps; r++) {
            int rep = r;
            Round round = job -> t.get(job)[rep];
            double[] fit = LeastSquares.solve(x, taskCounts.stream().mapToDouble(k -> round.at("bare " + k)).toArray());
            double one = slope(resultBytes, series(round, "bare 1", "result 1 "));
            double many = slope(resultBytes, series(round, "bare " + resultTasks, "result k "));
            // One slot runs everything in turn: nothing to tell apart, all of it is per result.
            double each = slots == 1 ? one : (many - one) / (resultTasks - 1);
            double once = slots == 1 ? 0 : one - each;
            double treeAdded = (round.at("tree result") - round.at("tree bare")) / bytes;
            v[0][r] = fit[0];
            v[1][r] = fit[1];
            v[2][r] = slots == 1 ? 0 : fit[2];
            v[3][r] = slope(bcastBytes, series(round, "bare " + slots, "bcast "));
            v[4][r] = once;
            v[5][r] = each;
            v[6][r] = round.at("tree bare") - round.at("bare 8");
            v[7][r] = (treeAdded - once - (waves(reducers) * share + reducers) * each) / waves(TREE_TASKS);
        }
        Measured[] c = new Measured[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = i == 0 ? Measured.meanOf(v[0]) : Measured.meanOf(v[i]).atLeastZero();
        }
        Measured extra = Measured.exact(0);
        if (stepMath != null) {
            // Against the summarized terms, as the model adds them (the real step runs at depth 1: no level).
            RoundFit model = new RoundFit(c[0].value(), c[1].value(), c[2].value(), c[3].value(), c[4].value(),
                    c[5].value());
            extra = Measured.meanOf(model.realStepExtras(t.get(REAL_STEP), stepMath, realStep.partitions(), slots,
                    params));
        }
        return new SparkCosts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], deserialize, extra);
    }

    private int waves(int tasks) {
        return (tasks + slots - 1) / slots;
    }

    /** The payload sizes in bytes: 0 (the bare job) and each fraction of the model. */
    private double[] sizes(double bytesPerParam) {
        double[] x = new double[FRACTIONS.length + 1];
        for (int i = 0; i < FRACTIONS.length; i++) {
            x[i + 1] = bytesPerParam * Math.round(params * FRACTIONS[i]);
        }
        return x;
    }

    private static double[] series(Round round, String bare, String prefix) {
        double[] y = new double[FRACTIONS.length + 1];
        y[0] = round.at(bare);
        for (int i = 0; i < FRACTIONS.length; i++) {
            y[i + 1] = round.at(prefix + FRACTIONS[i]);
        }
        return y;
    }

    static double slope(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private JavaRDD<Integer> rdd(int tasks) {
        return rdds.computeIfAbsent(tasks, k -> {
            JavaRDD<Integer> r = sc.parallelize(IntStream.range(0, k).boxed().toList(), k)
                    .persist(StorageLevel.MEMORY_ONLY());
            r.count();
            return r;
        });
    }

    private long bare(int tasks, int depth) {
        return rdd(tasks).treeAggregate(0L, (a, i) -> a + i, Long::sum, depth);
    }

    private long broadcast(int tasks, int floats) {
        Broadcast<float[]> b = sc.broadcast(floats == params ? weights : java.util.Arrays.copyOf(weights, floats));
        try {
            return rdd(tasks).treeAggregate(0L, readsBroadcast(b), Long::sum, 1);
        } finally {
            b.destroy();
        }
    }

    private static Function2<Long, Integer, Long> readsBroadcast(Broadcast<float[]> b) {
        return (a, i) -> a + b.value().length;
    }

    private long result(int tasks, int doubles, int depth) {
        GradientSum sum = rdd(tasks).treeAggregate(GradientSum.empty(), gradientOf(doubles), GradientSum::merge,
                depth);
        return sum.count;
    }

    /** A partition's result as a step's: a GradientSum with a fresh model-sized double[]. */
    private static Function2<GradientSum, Integer, GradientSum> gradientOf(int doubles) {
        return (acc, i) -> {
            if (acc.gradient == null) {
                acc.gradient = new double[doubles];
            }
            acc.count++;
            return acc;
        };
    }

    /** Kryo deserialization of the weights' float[], per byte, timed alone on the driver. */
    private Measured deserializePerByte(int reps) {
        SerializerInstance kryo = SparkEnv.get().serializer().newInstance();
        ClassTag<float[]> tag = ClassTag$.MODULE$.apply(float[].class);
        ByteBuffer bytes = kryo.serialize(new float[params], tag);
        int size = bytes.remaining();
        double[] t = new double[Math.max(reps, 20)];
        for (int i = -5; i < t.length; i++) {
            long t0 = System.nanoTime();
            float[] back = kryo.deserialize(bytes.duplicate(), tag);
            if (back.length != params) {
                throw new IllegalStateException("Kryo round trip changed the weights' length");
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9 / size;
            }
        }
        return Measured.of(t);
    }
}
