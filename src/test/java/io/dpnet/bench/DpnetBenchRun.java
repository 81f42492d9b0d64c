package io.dpnet.bench;

import io.dpnet.spark.train.TrainRequest;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.nn.Gemm;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.SparkContexts;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingListener;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains one dpnet configuration on MNIST in this JVM, exactly as {@code dpnet train} does
 * (same {@link DistributedTrainer}, same Spark settings, test set evaluated after every epoch),
 * and writes a {@link BenchPart} with per-epoch cumulative training seconds, test accuracy and
 * math time. One JVM per run, so each pays its own JIT warm-up, as a real run does.
 *
 * <pre>
 * DpnetBenchRun --variant default --conf conf/mnist.properties [--set key=value]... \
 *     [--master local[2]] [--data data/mnist] [--description TEXT] [--sync-epochs E] [--warmup false] --out part.json
 * </pre>
 * {@code --warmup false}: skip the background kernel warm-up that {@code dpnet train} starts in local
 * mode before Spark ({@link io.dpnet.nn.KernelWarmup}), to measure what it saves.<br>
 * {@code --sync-epochs E}: post-local SGD, the first E epochs synchronous, then the configured
 * local SGD ({@link SyncThenLocal}).
 */
public final class DpnetBenchRun {
    private DpnetBenchRun() {
    }

    public static void main(String[] args) throws Exception {
        String variant = BenchPart.arg(args, "--variant", null);
        String master = BenchPart.arg(args, "--master", "local[2]");
        String dataDir = BenchPart.arg(args, "--data", "data/mnist");
        Properties file = new Properties();
        file.load(new StringReader(Files.readString(Path.of(BenchPart.arg(args, "--conf", null)))));
        java.util.List<String> sets = new java.util.ArrayList<>(BenchPart.args(args, "--set"));
        sets.add("master=" + master);
        sets.add("data.dir=" + dataDir);
        TrainConfig config = TrainConfig.of(file, sets);
        int partitions = config.partitions() > 0 ? config.partitions() : localThreads(master);
        config = config.with("partitions=" + partitions);
        Configuration hadoop = new Configuration();
        IdxDataset trainSet = IdxDataset.open(hadoop, dataDir + "/train-images-idx3-ubyte",
                dataDir + "/train-labels-idx1-ubyte", 10);
        IdxDataset testSet = IdxDataset.open(hadoop, dataDir + "/t10k-images-idx3-ubyte",
                dataDir + "/t10k-labels-idx1-ubyte", 10);

        if (BenchPart.arg(args, "--warmup", "true").equals("true") && master.startsWith("local")) {
            // As `dpnet train` does in local mode: the kernels compile while Spark starts and the data loads.
            io.dpnet.nn.KernelWarmup.startInBackground(config.modelSpec(), config.kernel());
        }
        long t0 = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("dpnet-bench-" + variant, master)
                .set("spark.master", master)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            ShardedData train = ShardedData.load(sc, trainSet, partitions, "train");
            ShardedData test = ShardedData.load(sc, testSet, partitions, "test");
            double setup = (System.nanoTime() - t0) / 1e9;
            DistributedTrainer trainer = new DistributedTrainer(sc, config);
            String description = BenchPart.arg(args, "--description", describe(config));
            BenchPart part = new BenchPart("dpnet", variant, description, "epoch", trainer.spec().paramCount());
            System.out.printf("dpnet bench %s: %s on %s, %d partitions%n", variant, description, master, partitions);
            long wall0 = System.nanoTime();
            double[] math = {0};
            int syncEpochs = Integer.parseInt(BenchPart.arg(args, "--sync-epochs", "0"));
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics m) {
                    // A resumed epoch (the switch in SyncThenLocal) has no math time.
                    math[0] += Double.isNaN(m.mathSeconds()) ? 0 : m.mathSeconds();
                    part.point(m.epoch(), m.elapsedSeconds(), m.epoch() * train.count(), m.testAccuracy(), math[0]);
                    System.out.printf("  epoch %d: %.1fs, test %.2f%%, %.0f samples/s, math %.1fs of %.1fs%n",
                            m.epoch(), m.elapsedSeconds(), m.testAccuracy() * 100, m.samplesPerSecond(),
                            m.mathSeconds(), m.epochSeconds());
                }
            };
            TrainResult result = syncEpochs > 0
                    ? SyncThenLocal.train(sc, config, syncEpochs, train, test, listener)
                    : trainer.train(TrainRequest.of(train).withTest(test).withListener(listener));
            part.info.put("syncEpochs", syncEpochs);
            part.info.put("master", sc.master());
            part.info.put("partitions", partitions);
            part.info.put("kernel", Gemm.create(config.kernel()).name());
            part.info.put("batchSize", config.batchSize());
            part.info.put("effectiveLearningRate", config.effectiveLearningRate());
            part.info.put("sync", (config.syncMode() == io.dpnet.train.TrainingPlan.SyncMode.SYNC ? "sync" : "average")
                    + (config.localSteps() > 1 ? "/" + config.localSteps() : ""));
            part.info.put("stepsPerEpoch", result.history().get(0).steps());
            part.info.put("setupSeconds", setup);
            part.info.put("wallSeconds", (System.nanoTime() - wall0) / 1e9);
            part.info.put("peakHeapMiB", peakHeapMiB());
            var cfg = part.info.putObject("config");
            config.asMap().forEach(cfg::put);
            part.write(BenchPart.arg(args, "--out", null));
        }
    }

    /** The default partition count for a local master: its thread count (local[*]: the cores). */
    static int localThreads(String master) {
        var m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (m.matches()) {
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        }
        return master.equals("local") ? 1 : Runtime.getRuntime().availableProcessors();
    }

    private static String describe(TrainConfig c) {
        return String.format("%s %s lr %s%s, batch %d, %d epochs%s", c.optimizerSpec().kind(), c.plan().schedule().kind(),
                c.asMap().get("learningRate"), c.learningRateScale() == 1 ? "" : " x" + trim(c.learningRateScale()),
                c.batchSize(), c.epochs(),
                c.syncMode() == io.dpnet.train.TrainingPlan.SyncMode.SYNC ? "" : ", local SGD k=" + c.localSteps())
                + (c.plan().pipeline() ? ", two steps in flight" : "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.2f", v);
    }

    static double peakHeapMiB() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }
}
