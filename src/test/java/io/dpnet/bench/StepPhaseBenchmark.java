package io.dpnet.bench;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.train.GradientSum;
import io.dpnet.train.UpdateRule;
import java.io.FileReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;

/**
 * Where a real one-job-per-step synchronous step ({@code sync.engine=jobs}) spends the time the
 * plan's bare probe jobs do not, phase by phase, from the driver's clock and Spark's listener
 * events: the real step at the configured batch and at a tiny batch (math ≈ 0) next to the
 * probe's bare treeAggregate over cached integers, with a zero weights broadcast and with a
 * model-sized {@link GradientSum} result. Kinds are interleaved per round. Prints means in ms.
 *
 * <pre>
 * java $OPENS -Xmx8g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     -Dmaster='local[2]' -Drounds=40 io.dpnet.bench.StepPhaseBenchmark
 * </pre>
 * Options: {@code -Dconf} (default conf/mnist.properties), {@code -Ddata} (default data/mnist),
 * {@code -Dmaster} (default local[2]), {@code -Drounds} (default 40), {@code -Dwarmup} (default 15),
 * {@code -Dburst} (default 5: the "real xN" kind runs N steps back to back, as training does; its
 * rows are per burst, divide by N — except "math", already per step).
 */
public final class StepPhaseBenchmark {
    private static final String[] PHASES = {"wall", "driver before job start", "job start -> first launch",
        "task deserialize", "task run", "task result serialize", "task getting result", "task duration",
        "last task end -> job end", "job end -> call returns", "driver update"};

    private StepPhaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String master = System.getProperty("master", "local[2]");
        int rounds = Integer.getInteger("rounds", 40);
        int warmup = Integer.getInteger("warmup", 15);
        Properties file = new Properties();
        try (FileReader r = new FileReader(System.getProperty("conf", "conf/mnist.properties"))) {
            file.load(r);
        }
        TrainConfig config = TrainConfig.of(file, List.of("master=" + master, "sync.engine=jobs"));
        String dir = System.getProperty("data", "data/mnist");
        IdxDataset data = IdxDataset.open(new Configuration(), dir + "/train-images-idx3-ubyte",
                dir + "/train-labels-idx1-ubyte", 10);
        try (JavaSparkContext sc = SparkContexts.create("dpnet-step-phases", master)) {
            int parts = sc.defaultParallelism();
            ShardedData train = ShardedData.load(sc, data, parts, "mnist-train");
            Listener listener = new Listener();
            sc.sc().addSparkListener(listener);
            DistributedTrainer trainer = new DistributedTrainer(sc, config);
            float[] params = trainer.initialParams();
            int n = params.length;
            Optimizer optimizer = config.optimizerSpec().create(n);
            UpdateRule rule = config.plan().updateRule();
            IndexOrder order = TrainValidationSplit.of(train.count(), 0, config.seed()).epochOrder(1);
            int batch = config.batchSize();
            long steps = train.count() / batch;
            JavaRDD<Integer> ints = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                    .persist(StorageLevel.MEMORY_ONLY());
            ints.count();
            float[] random = new float[n];
            Random rnd = new Random(1);
            for (int i = 0; i < n; i++) {
                random[i] = (float) rnd.nextGaussian();
            }
            long[] counter = {0};
            long[] lastMath = {0};
            Map<String, LongSupplier> kinds = new LinkedHashMap<>();
            kinds.put("real step B=" + batch, () -> {
                long k = counter[0]++ % steps;
                GradientSum s = trainer.step(train, params, order, k * batch, (k + 1) * batch, k);
                lastMath[0] = s.maxTaskMathNanos;
                long t0 = System.nanoTime();
                float[] mean = UpdateRule.mean(s.gradient, s.count, null);
                rule.applyMean(params, mean, optimizer, 1e-4f);
                return System.nanoTime() - t0;
            });
            // As training runs them: one step right after the other (the other kinds run one job each).
            int burst = Integer.getInteger("burst", 5);
            kinds.put("real x" + burst + " B=" + batch, () -> {
                long update = 0;
                for (int j = 0; j < burst; j++) {
                    long k = counter[0]++ % steps;
                    GradientSum s = trainer.step(train, params, order, k * batch, (k + 1) * batch, k);
                    long t0 = System.nanoTime();
                    float[] mean = UpdateRule.mean(s.gradient, s.count, null);
                    rule.applyMean(params, mean, optimizer, 1e-4f);
                    update += System.nanoTime() - t0;
                    lastMath[0] += s.maxTaskMathNanos;
                }
                lastMath[0] /= burst;
                return update;
            });
            kinds.put("real step B=" + 8 * parts, () -> {
                long k = counter[0]++ % steps;
                GradientSum s = trainer.step(train, params, order, k * batch, k * batch + 8L * parts, k);
                lastMath[0] = s.maxTaskMathNanos;
                return s.count == 8L * parts ? 0 : -1;
            });
            kinds.put("probe bare", () -> {
                ints.treeAggregate(0L, (a, i) -> a + i, Long::sum, 1);
                return 0;
            });
            kinds.put("probe bcast zeros", () -> {
                Broadcast<float[]> b = sc.broadcast(new float[n]);
                try {
                    ints.treeAggregate(0L, (a, i) -> a + b.value().length, Long::sum, 1);
                } finally {
                    b.destroy();
                }
                return 0;
            });
            kinds.put("probe bcast random", () -> {
                Broadcast<float[]> b = sc.broadcast(random);
                try {
                    ints.treeAggregate(0L, (a, i) -> a + b.value().length, Long::sum, 1);
                } finally {
                    b.destroy();
                }
                return 0;
            });
            kinds.put("probe result", () -> {
                ints.treeAggregate(GradientSum.empty(), (acc, i) -> {
                    if (acc.gradient == null) {
                        acc.gradient = new double[n];
                    }
                    acc.count++;
                    return acc;
                }, GradientSum::merge, 1);
                return 0;
            });
            System.out.printf("StepPhaseBenchmark: %s, %d partitions, %,d parameters, batch %d, %d warm-up + %d "
                    + "rounds, load %.2f%n", master, parts, n, batch, warmup, rounds, load());
            Map<String, double[]> sums = new LinkedHashMap<>();
            Map<String, double[]> walls = new LinkedHashMap<>();
            Map<String, double[]> maths = new LinkedHashMap<>();
            kinds.keySet().forEach(k -> {
                sums.put(k, new double[PHASES.length]);
                walls.put(k, new double[rounds]);
                maths.put(k, new double[rounds]);
            });
            for (int round = -warmup; round < rounds; round++) {
                for (var e : kinds.entrySet()) {
                    listener.clear();
                    lastMath[0] = 0;
                    long w0 = System.currentTimeMillis();
                    long t0 = System.nanoTime();
                    long driver = e.getValue().getAsLong();
                    long wall = System.nanoTime() - t0;
                    long w1 = System.currentTimeMillis();
                    sc.sc().listenerBus().waitUntilEmpty();
                    if (round >= 0) {
                        walls.get(e.getKey())[round] = (wall - Math.max(0, driver)) / 1e6;
                        maths.get(e.getKey())[round] = lastMath[0] / 1e6;
                        listener.add(sums.get(e.getKey()), w0, w1, wall, Math.max(0, driver));
                    }
                }
            }
            System.out.printf("means over %d rounds, ms (task rows: mean over tasks; listener times whole ms), "
                    + "load %.2f%n", rounds, load());
            System.out.printf("%-28s", "phase");
            kinds.keySet().forEach(k -> System.out.printf(" %19s", k));
            System.out.println();
            for (int p = 0; p < PHASES.length; p++) {
                System.out.printf("%-28s", PHASES[p]);
                for (double[] s : sums.values()) {
                    System.out.printf(" %19.2f", s[p] / rounds);
                }
                System.out.println();
            }
            System.out.printf("%-28s", "wall median");
            walls.values().forEach(v -> System.out.printf(" %19.2f", median(v)));
            System.out.printf("%n%-28s", "wall p90");
            walls.values().forEach(v -> System.out.printf(" %19.2f", percentile(v, 0.9)));
            System.out.printf("%n%-28s", "math (maxTaskMath) mean");
            maths.values().forEach(v -> System.out.printf(" %19.2f", java.util.Arrays.stream(v).average().orElse(0)));
            System.out.println();
            train.release();
        }
    }

    private static double median(double[] v) {
        return percentile(v, 0.5);
    }

    private static double percentile(double[] v, double q) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One job's events: its start and end, and its tasks' metrics. */
    static final class Listener extends SparkListener {
        private long jobStart;
        private long jobEnd;
        private final List<long[]> tasks = new ArrayList<>();

        synchronized void clear() {
            jobStart = 0;
            jobEnd = 0;
            tasks.clear();
        }

        @Override
        public synchronized void onJobStart(SparkListenerJobStart e) {
            jobStart = e.time();
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd e) {
            jobEnd = e.time();
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
            var i = e.taskInfo();
            var m = e.taskMetrics();
            long getting = i.gettingResultTime() == 0 ? 0 : i.finishTime() - i.gettingResultTime();
            tasks.add(new long[] {i.launchTime(), i.finishTime(), m.executorDeserializeTime(), m.executorRunTime(),
                m.resultSerializationTime(), getting});
        }

        /** Adds this job's phases (ms) into {@code sum}, in {@link #PHASES} order. */
        synchronized void add(double[] sum, long w0, long w1, long wallNanos, long driverNanos) {
            long firstLaunch = tasks.stream().mapToLong(t -> t[0]).min().orElse(jobStart);
            long lastFinish = tasks.stream().mapToLong(t -> t[1]).max().orElse(jobEnd);
            int k = Math.max(1, tasks.size());
            // The driver update ran inside the timed call, after the job: report it apart.
            sum[0] += (wallNanos - driverNanos) / 1e6;
            sum[1] += jobStart - w0;
            sum[2] += firstLaunch - jobStart;
            for (long[] t : tasks) {
                sum[3] += (double) t[2] / k;
                sum[4] += (double) t[3] / k;
                sum[5] += (double) t[4] / k;
                sum[6] += (double) t[5] / k;
                sum[7] += (double) (t[1] - t[0]) / k;
            }
            sum[8] += jobEnd - lastFinish;
            sum[9] += w1 - jobEnd - driverNanos / 1e6;
            sum[10] += driverNanos / 1e6;
        }
    }
}
