package io.dpnet.spark.train;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Function1;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * What a leaner synchronous step job looks like, measured: a plain {@code main} (not a test; it
 * prints numbers) that runs the same gradient step several ways on real MNIST, in one
 * SparkContext, interleaving the variants step by step so a loaded machine hits all alike:
 * <ul>
 *   <li>{@code trainer}: {@link DistributedTrainer#step} today — broadcast the weights,
 *       {@code treeAggregate} (a MapPartitionsRDD plus a fold whose zero value rides in the
 *       closure), destroy the broadcast;</li>
 *   <li>{@code runJob+bcast}: the same broadcast, but {@code SparkContext.runJob} straight over the
 *       cached shards (one result per partition, summed on the driver);</li>
 *   <li>{@code runJob+closure}: no broadcast of our own — the weights ride in the task closure,
 *       which the DAGScheduler broadcasts once per stage anyway (the task binary);</li>
 *   <li>{@code bare runJob} / {@code bare treeAggregate}: the same jobs with no weights and an
 *       8-byte result, i.e. Spark's floor per job on this master.</li>
 * </ul>
 * Each variant's medians (ms per step) are printed with the driver's Adam update time; the
 * variants compute bit-identical gradients (checked once at the start, so a lean variant that
 * computed something else could not look fast).
 *
 * <pre>
 * java ... -Dbatch=1024 -Dsteps=100 -Dmaster=local[2] io.dpnet.spark.LeanStepProbe
 * </pre>
 * (classpath and JVM flags as for {@code io.dpnet.bench.StepOverheadBenchmark}; any
 * {@code -Dspark.*} property is a Spark setting.)
 */
public final class LeanStepProbe {
    private LeanStepProbe() {
    }

    public static void main(String[] args) throws Exception {
        String master = System.getProperty("master", "local[2]");
        int batch = Integer.getInteger("batch", 1024);
        int steps = Integer.getInteger("steps", 100);
        int warmup = Integer.getInteger("warmup", 30);
        String dataDir = System.getProperty("data", "data/mnist");
        TrainConfig config = TrainConfig.defaults().with("layers=784,256,256,10", "activations=relu,relu,softmax",
                "optimizer=adam", "batchSize=" + batch, "seed=42", "kernel=auto", "evalEvery=0");
        JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("dpnet-lean-step", master)
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        try {
            IdxDataset data = IdxDataset.open(new Configuration(), dataDir + "/train-images-idx3-ubyte",
                    dataDir + "/train-labels-idx1-ubyte", 10);
            ShardedData train = ShardedData.load(sc, data, 2, "mnist-train");
            DistributedTrainer trainer = new DistributedTrainer(sc, config);
            ModelSpec spec = trainer.spec();
            float[] params = trainer.initialParams();
            Optimizer optimizer = trainer.plan().optimizer().create(params.length);
            IndexOrder order = TrainValidationSplit.of(train.count(), 0, config.seed()).epochOrder(1);
            long stepsPerEpoch = train.count() / batch;
            Map<String, StepVariant> variants = new LinkedHashMap<>();
            variants.put("trainer", (from, to) -> trainer.step(train, params, order, from, to));
            variants.put("runJob+bcast", (from, to) -> runJobBroadcast(sc, train, spec, params, order, from, to));
            variants.put("runJob+closure", (from, to) -> runJobClosure(sc, train, spec, params, order, from, to));
            checkSameGradient(variants, batch);
            Map<String, long[]> times = new LinkedHashMap<>();
            variants.keySet().forEach(v -> times.put(v, new long[steps]));
            times.put("bare runJob", new long[steps]);
            times.put("bare treeAggregate", new long[steps]);
            times.put("driver adam", new long[steps]);
            System.out.printf("LeanStepProbe: %s, batch %d, %d warm-up + %d measured steps per variant, load %s%n",
                    master, batch, warmup, steps, loadAverage());
            for (int i = 0; i < warmup + steps; i++) {
                long k = i % stepsPerEpoch;
                long from = k * batch;
                long to = from + batch;
                for (Map.Entry<String, StepVariant> v : variants.entrySet()) {
                    long t0 = System.nanoTime();
                    GradientSum sum = v.getValue().step(from, to);
                    long t1 = System.nanoTime();
                    if (i >= warmup) {
                        times.get(v.getKey())[i - warmup] = t1 - t0;
                    }
                    if (v.getKey().equals("trainer")) {
                        float[] g = io.dpnet.train.UpdateRule.mean(sum.gradient(), sum.count(), null);
                        long t2 = System.nanoTime();
                        optimizer.step(params, g, 1e-3f);
                        if (i >= warmup) {
                            times.get("driver adam")[i - warmup] = System.nanoTime() - t2;
                        }
                    }
                }
                if (i >= warmup) {
                    times.get("bare runJob")[i - warmup] = time(() -> bareRunJob(sc, train));
                    times.get("bare treeAggregate")[i - warmup] = time(() -> train.shards()
                            .treeAggregate(0L, (acc, s) -> acc + s.count(), Long::sum, 2));
                }
            }
            System.out.printf("%-20s %9s %9s %9s   (load at end %s)%n", "ms per step", "median", "p10", "p90",
                    loadAverage());
            times.forEach((name, t) -> {
                long[] s = t.clone();
                Arrays.sort(s);
                System.out.printf("%-20s %9.2f %9.2f %9.2f%n", name, s[s.length / 2] / 1e6, s[s.length / 10] / 1e6,
                        s[s.length * 9 / 10] / 1e6);
            });
            train.release();
        } finally {
            sc.stop();
        }
    }

    /** One way of computing a step's summed gradient over mini-batch positions {@code [from, to)}. */
    interface StepVariant {
        GradientSum step(long from, long to);
    }

    private static void checkSameGradient(Map<String, StepVariant> variants, int batch) {
        double[] reference = null;
        for (Map.Entry<String, StepVariant> v : variants.entrySet()) {
            double[] g = v.getValue().step(0, batch).gradient();
            if (reference == null) {
                reference = g;
            } else if (!Arrays.equals(reference, g)) {
                throw new IllegalStateException(v.getKey() + " computed a different gradient than trainer");
            }
        }
    }

    private static long time(LongSupplier job) {
        long t0 = System.nanoTime();
        job.getAsLong();
        return System.nanoTime() - t0;
    }

    private static long bareRunJob(JavaSparkContext sc, ShardedData train) {
        Function1<Iterator<Shard>, Long> count = (Function1<Iterator<Shard>, Long> & Serializable) it -> {
            long c = 0;
            while (it.hasNext()) {
                c += it.next().count();
            }
            return c;
        };
        Long[] parts = (Long[]) sc.sc().runJob(train.shards().rdd(), count, tag(Long.class));
        return Arrays.stream(parts).mapToLong(Long::longValue).sum();
    }

    private static GradientSum runJobBroadcast(JavaSparkContext sc, ShardedData train, ModelSpec spec,
                                               float[] params, IndexOrder order, long from, long to) {
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            int chunk = io.dpnet.train.TrainingPlan.chunkRows(from, to);
            String kernel = "auto";
            Function1<Iterator<Shard>, GradientSum> task = (Function1<Iterator<Shard>, GradientSum> & Serializable)
                    it -> partitionGradient(it, spec, weights.value(), order, from, to, kernel, chunk);
            return sumOf((GradientSum[]) sc.sc().runJob(train.shards().rdd(), task, tag(GradientSum.class)));
        } finally {
            weights.destroy();
        }
    }

    private static GradientSum runJobClosure(JavaSparkContext sc, ShardedData train, ModelSpec spec,
                                             float[] params, IndexOrder order, long from, long to) {
        int chunk = io.dpnet.train.TrainingPlan.chunkRows(from, to);
        String kernel = "auto";
        float[] weights = params.clone(); // the closure is serialized at submission: a snapshot either way
        Function1<Iterator<Shard>, GradientSum> task = (Function1<Iterator<Shard>, GradientSum> & Serializable)
                it -> partitionGradient(it, spec, weights, order, from, to, kernel, chunk);
        return sumOf((GradientSum[]) sc.sc().runJob(train.shards().rdd(), task, tag(GradientSum.class)));
    }

    private static GradientSum partitionGradient(Iterator<Shard> shards, ModelSpec spec, float[] params,
                                                 IndexOrder order, long from, long to, String kernel, int chunk) {
        GradientSum acc = GradientSum.empty();
        ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, chunk, kernel);
        Sequential net = new Sequential(spec);
        try {
            while (shards.hasNext()) {
                ShardGather.forEachChunk(shards.next(), order, from, to, slot, chunk,
                        rows -> GradientPass.accumulate(net, params, slot, rows, acc, null, 0, 0));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return acc;
    }

    /** Driver-side sum in partition order (treeAggregate's order on 2 partitions, so bit-identical). */
    private static GradientSum sumOf(GradientSum[] parts) {
        List<GradientSum> list = new ArrayList<>(Arrays.asList(parts));
        GradientSum acc = GradientSum.empty();
        for (GradientSum p : list) {
            acc = acc.merge(p);
        }
        return acc;
    }

    @SuppressWarnings("unchecked")
    private static <T> ClassTag<T> tag(Class<T> c) {
        return (ClassTag<T>) ClassTag$.MODULE$.apply(c);
    }

    private static String loadAverage() {
        return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }
}
