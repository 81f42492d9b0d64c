package io.dpnet.bench;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.train.GradientSum;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.SparkContexts;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Where the time of one distributed training step goes, beside the math: a plain {@code main}
 * that loads real MNIST into {@link ShardedData} and runs {@link DistributedTrainer#step} at batch
 * 128 for the 784-256-256-10 model (269,322 parameters), once per Spark configuration variant,
 * each variant in a fresh SparkContext, rounds interleaved (A B A B) so a noisy shared machine
 * hits every variant alike. It prints medians per phase (ms per step):
 * <ul>
 *   <li>the whole step as the trainer sees it (broadcast, job, destroy) and the driver's Adam update;</li>
 *   <li>from a SparkListener: job wall time, task launch delay after job start, and per task the
 *       executor's deserialization, run (gather + math), result serialization, getting-result and
 *       scheduler delay (task duration minus those, as the Spark UI defines it);</li>
 *   <li>driver-side pieces timed alone: broadcast create/destroy of the weights, a Kryo round trip
 *       of a real step's {@link GradientSum};</li>
 *   <li>the floor Spark will not go below: a bare {@code treeAggregate} on the cached shards
 *       (no broadcast, 8-byte result), with a weights broadcast, and with a model-sized result.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -o -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx4g --add-modules jdk.incubator.vector $OPENS \
 *     -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     -Dvariants=capturedconf,base,unsafe -Drounds=2 -Dsteps=150 io.dpnet.bench.StepOverheadBenchmark
 * </pre>
 * ({@code $OPENS}: the {@code spark.java.opens} flags from pom.xml.) Variants are named in
 * {@link #VARIANTS}; {@code -Dmaster} (default local[2]), {@code -Dwarmup} (default 40) and
 * {@code -Ddata} (default data/mnist) are optional.
 */
public final class StepOverheadBenchmark {
    /** Spark settings applied on top of {@link SparkContexts#conf} for each named variant. */
    static final String CAPTURED_CONF = "capturedconf";
    static final Map<String, Map<String, String>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("base", Map.of());
        // Not a setting: the shards' lineage captures the Hadoop configuration, as ShardedData did
        // before it broadcast it (see capturedConfShards).
        VARIANTS.put(CAPTURED_CONF, Map.of());
        VARIANTS.put("unsafe", Map.of("spark.kryo.unsafe", "true"));
        VARIANTS.put("locality0", Map.of("spark.locality.wait", "0"));
        VARIANTS.put("nocheck", Map.of("spark.broadcast.checksum", "false"));
        VARIANTS.put("all", Map.of("spark.kryo.unsafe", "true", "spark.locality.wait", "0",
                "spark.broadcast.checksum", "false"));
    }

    private StepOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String master = System.getProperty("master", "local[2]");
        int steps = Integer.getInteger("steps", 200);
        int warmup = Integer.getInteger("warmup", 40);
        int rounds = Integer.getInteger("rounds", 2);
        String dataDir = System.getProperty("data", "data/mnist");
        List<String> variants = Arrays.asList(System.getProperty("variants", "base,unsafe").split(","));
        for (String v : variants) {
            if (!VARIANTS.containsKey(v)) {
                throw new IllegalArgumentException("unknown variant " + v + "; known: " + VARIANTS.keySet());
            }
        }
        IdxDataset data = IdxDataset.open(new Configuration(), dataDir + "/train-images-idx3-ubyte",
                dataDir + "/train-labels-idx1-ubyte", 10);
        TrainConfig config = TrainConfig.defaults().with("layers=784,256,256,10", "activations=relu,relu,softmax",
                "optimizer=adam", "batchSize=128", "seed=42", "kernel=auto", "evalEvery=0");
        System.out.printf("StepOverheadBenchmark: %s, batch %d, %d warm-up + %d measured steps per variant, "
                + "%d round(s), load at start %s%n", master, config.batchSize(), warmup, steps, rounds, loadAverage());
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String v : variants) {
                Map<String, Double> r = runVariant(v, master, data, config, warmup, steps);
                results.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                System.out.printf("  round %d %-10s step %.2f ms, bare job %.2f ms (load %s)%n", round, v,
                        r.get("step total"), r.get("bare job"), loadAverage());
            }
        }
        printTable(results);
    }

    private static Map<String, Double> runVariant(String variant, String master, IdxDataset data, TrainConfig config,
                                                  int warmup, int steps) throws ReflectiveOperationException {
        SparkConf conf = SparkContexts.conf("dpnet-step-bench", master)
                .set("spark.master", master)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        VARIANTS.get(variant).forEach(conf::set);
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            ShardedData train = ShardedData.load(sc, data, 2, "mnist-train");
            if (variant.equals(CAPTURED_CONF)) {
                train = capturedConfShards(sc, data, train);
            }
            DistributedTrainer trainer = new DistributedTrainer(sc, config);
            float[] params = trainer.initialParams();
            Optimizer optimizer = config.optimizerSpec().create(params.length);
            IndexOrder order = TrainValidationSplit.of(train.count(), 0, config.seed()).epochOrder(1);
            int batch = config.batchSize();
            long stepsPerEpoch = train.count() / batch;
            PhaseListener listener = new PhaseListener();
            sc.sc().addSparkListener(listener);
            Map<String, long[]> t = new LinkedHashMap<>();
            GradientSum last = null;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    drain(sc);
                    listener.clear();
                }
                long k = i % stepsPerEpoch;
                long t0 = System.nanoTime();
                GradientSum sum = trainer.step(train, params, order, k * batch, (k + 1) * batch, i);
                long t1 = System.nanoTime();
                float[] g = io.dpnet.train.UpdateRule.mean(sum.gradient(), sum.count(), null);
                optimizer.step(params, g, 1e-3f);
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    record(t, "step total", steps, i - warmup, t1 - t0);
                    record(t, "driver optimizer (mean+adam)", steps, i - warmup, t2 - t1);
                }
                last = sum;
            }
            drain(sc);
            Map<String, Double> r = new LinkedHashMap<>();
            t.forEach((name, v) -> r.put(name, medianMs(v)));
            r.putAll(listener.medians());
            r.putAll(driverPieces(sc, params, last, steps));
            r.putAll(lineage(train, steps));
            r.putAll(bareJobs(sc, train, params.length, warmup, steps));
            train.release();
            return r;
        } finally {
            sc.stop();
        }
    }

    /**
     * The same shards behind an RDD whose map closure captures a {@link SerializableConfiguration}
     * (ShardedData's lineage before it broadcast the configuration), swapped in through the
     * package-private {@code ShardedData.withShards}.
     */
    private static ShardedData capturedConfShards(JavaSparkContext sc, IdxDataset data, ShardedData loaded)
            throws ReflectiveOperationException {
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        int n = data.count();
        int features = data.features();
        List<int[]> ranges = List.of(new int[] {0, n / 2}, new int[] {n / 2, n - n / 2});
        JavaRDD<Shard> rdd = sc.parallelize(ranges, 2).map(r -> {
            float[] x = new float[r[1] * features];
            int[] y = new int[r[1]];
            data.read(conf.value(), r[0], r[1], x, 0, y, 0);
            return new Shard(r[0], r[1], features, x, y);
        });
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        loaded.release();
        Method with = ShardedData.class.getDeclaredMethod("withShards", JavaRDD.class);
        with.setAccessible(true);
        return (ShardedData) with.invoke(loaded, rdd);
    }

    /** The broadcast and serialization steps of a step, each timed alone on the driver. */
    private static Map<String, Double> driverPieces(JavaSparkContext sc, float[] params, GradientSum sample,
                                                    int steps) {
        long[] create = new long[steps];
        long[] destroy = new long[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            Broadcast<float[]> b = sc.broadcast(params);
            long t1 = System.nanoTime();
            b.destroy();
            create[i] = t1 - t0;
            destroy[i] = System.nanoTime() - t1;
        }
        SerializerInstance kryo = SparkEnv.get().serializer().newInstance();
        ClassTag<GradientSum> tag = ClassTag$.MODULE$.apply(GradientSum.class);
        long[] ser = new long[steps];
        long[] deser = new long[steps];
        int bytes = 0;
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            ByteBuffer buf = kryo.serialize(sample, tag);
            long t1 = System.nanoTime();
            GradientSum back = kryo.deserialize(buf, tag);
            long t2 = System.nanoTime();
            if (back.gradient().length != sample.gradient().length) {
                throw new IllegalStateException("Kryo round trip changed the gradient length");
            }
            bytes = buf.remaining();
            ser[i] = t1 - t0;
            deser[i] = t2 - t1;
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("alone: broadcast create", medianMs(create));
        r.put("alone: broadcast destroy", medianMs(destroy));
        r.put("alone: kryo GradientSum ser", medianMs(ser));
        r.put("alone: kryo GradientSum deser", medianMs(deser));
        r.put("alone: kryo GradientSum bytes (k)", bytes / 1000.0);
        return r;
    }

    /**
     * Every task ships its RDD's whole lineage (Java-serialized, in the stage's task binary) and
     * each executor deserializes it per task: its size and deserialization time, alone.
     */
    private static Map<String, Double> lineage(ShardedData train, int steps) {
        SerializerInstance java = SparkEnv.get().closureSerializer().newInstance();
        ClassTag<Object> tag = ClassTag$.MODULE$.apply(Object.class);
        ByteBuffer bytes = java.serialize(train.shards().rdd(), tag);
        long[] deser = new long[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            java.deserialize(bytes.duplicate(), tag);
            deser[i] = System.nanoTime() - t0;
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("alone: shards lineage java deser", medianMs(deser));
        r.put("alone: shards lineage bytes (k)", bytes.remaining() / 1000.0);
        return r;
    }

    /** Trivial jobs on the same cached shards: what any Spark step costs, whatever it computes. */
    private static Map<String, Double> bareJobs(JavaSparkContext sc, ShardedData train, int paramCount, int warmup,
                                                int steps) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("bare job", timeMedian(warmup, steps, () -> train.shards()
                .treeAggregate(0L, (a, s) -> a + s.count(), Long::sum, 2)));
        float[] params = new float[paramCount];
        r.put("bare job + weights broadcast", timeMedian(warmup, steps, () -> {
            Broadcast<float[]> b = sc.broadcast(params);
            try {
                return train.shards().treeAggregate(0L, (a, s) -> a + b.value().length, Long::sum, 2);
            } finally {
                b.destroy();
            }
        }));
        r.put("bare job + model-sized result", timeMedian(warmup, steps, () -> train.shards()
                .treeAggregate(new float[0], (a, s) -> new float[paramCount], (a, b) -> a.length == 0 ? b : a, 2)
                .length));
        return r;
    }

    private static double timeMedian(int warmup, int steps, LongSupplier job) {
        long[] t = new long[steps];
        long sink = 0;
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            sink += job.getAsLong();
            if (i >= warmup) {
                t[i - warmup] = System.nanoTime() - t0;
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return medianMs(t);
    }

    /** Task metrics and job timings from Spark's own events, for the measured steps. */
    static final class PhaseListener extends SparkListener {
        private final Map<Integer, Long> stageToJobStart = new ConcurrentHashMap<>();
        private final List<long[]> tasks = new ArrayList<>();
        private final List<Long> jobs = new ArrayList<>();
        private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();

        synchronized void clear() {
            tasks.clear();
            jobs.clear();
        }

        @Override
        public synchronized void onJobStart(SparkListenerJobStart e) {
            jobStart.put(e.jobId(), e.time());
            for (Object stage : CollectionConverters.asJava(e.stageIds())) {
                stageToJobStart.put((Integer) stage, e.time());
            }
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd e) {
            Long start = jobStart.remove(e.jobId());
            if (start != null) {
                jobs.add(e.time() - start);
            }
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
            TaskInfo info = e.taskInfo();
            TaskMetrics m = e.taskMetrics();
            if (m == null) {
                return;
            }
            long duration = info.finishTime() - info.launchTime();
            long gettingResult = info.gettingResultTime() == 0 ? 0 : info.finishTime() - info.gettingResultTime();
            long deser = m.executorDeserializeTime();
            long run = m.executorRunTime();
            long resultSer = m.resultSerializationTime();
            long scheduler = Math.max(0, duration - deser - run - resultSer - gettingResult);
            Long start = stageToJobStart.get(e.stageId());
            long launch = start == null ? 0 : info.launchTime() - start;
            tasks.add(new long[] {launch, deser, run, resultSer, gettingResult, scheduler, duration,
                m.executorDeserializeCpuTime(), m.executorCpuTime()});
        }

        synchronized Map<String, Double> medians() {
            String[] names = {"task: launch after job start", "task: deserialize", "task: run (gather+math)",
                "task: result serialize", "task: getting result", "task: scheduler delay", "task: duration",
                "task: deserialize cpu", "task: run cpu"};
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("job wall (listener)", median(jobs.stream().mapToLong(Long::longValue).toArray()));
            for (int c = 0; c < names.length; c++) {
                int col = c;
                long[] v = tasks.stream().mapToLong(a -> a[col]).toArray();
                // the last two columns are in nanoseconds, the others in milliseconds
                r.put(names[c], col >= 7 ? mean(v) / 1e6 : mean(v));
            }
            return r;
        }
    }

    /** Waits until the listener has seen every event posted so far. */
    private static void drain(JavaSparkContext sc) {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
    }

    private static void record(Map<String, long[]> t, String name, int n, int i, long v) {
        t.computeIfAbsent(name, k -> new long[n])[i] = v;
    }

    private static double medianMs(long[] nanos) {
        return median(nanos) / 1e6;
    }

    private static double median(long[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double mean(long[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static String loadAverage() {
        return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static void printTable(Map<String, List<Map<String, Double>>> results) {
        List<String> variants = new ArrayList<>(results.keySet());
        List<String> rows = new ArrayList<>(results.get(variants.get(0)).get(0).keySet());
        System.out.printf("%nms per step (medians; task rows are means over tasks, listener times in whole ms); "
                + "each cell: median over rounds%n");
        System.out.printf("%-36s", "phase");
        for (String v : variants) {
            System.out.printf(" %10s", v);
        }
        System.out.println();
        for (String row : rows) {
            System.out.printf("%-36s", row);
            for (String v : variants) {
                long[] fixed = results.get(v).stream().mapToLong(m -> Math.round(m.get(row) * 1000)).toArray();
                System.out.printf(" %10.2f", median(fixed) / 1000);
            }
            System.out.println();
        }
    }
}
