package io.dpnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.TabularColumns;
import io.dpnet.data.clicklog.ClickLogSpec;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.InputReader;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.spark.train.BlockTrainRequest;
import io.dpnet.spark.train.BlockTrainResult;
import io.dpnet.spark.train.BlockTrainer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingPlan;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The click-log scale run of issue #12 (a documented command, not a test):
 * {@code ClickLogScaleRun TRAIN_DIR TEST_DIR [key=value ...]} trains an embedding network
 * (user × 16, item × 16, site × 8, the three numerics → 64 relu → 2 softmax) with
 * {@link BlockTrainer} on {@code local[2]} over the Parquet parts {@code dpnet generate-clicklog}
 * wrote, then scores the held-out rows on the driver and prints rows/s, peak heap, wall time,
 * accuracy and AUC next to the rule's own (Bayes-optimal) ceiling from the test set's
 * {@code clicklog.json}. Overrides are TrainConfig keys ({@code epochs=2 batchSize=8192}) plus
 * {@code master=} and {@code partitions=}. Run by {@code scripts/clicklog-scale.sh}; numbers are
 * printed, never asserted.
 */
public final class ClickLogScaleRun {
    private static final int[] DIMS = {16, 16, 8};
    private static final int SCORE_CHUNK = 8192;

    private ClickLogScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        String trainDir = args[0];
        String testDir = args[1];
        String master = "local[2]";
        int partitions = 2;
        Map<String, String> settings = new LinkedHashMap<>();
        for (String a : List.of("activations=relu,softmax", "loss=cross_entropy", "optimizer=adam", "learningRate=0.02",
                "batchSize=8192", "epochs=1", "seed=1", "evalEvery=0", "init=he")) {
            settings.put(a.substring(0, a.indexOf('=')), a);
        }
        for (String a : Arrays.copyOfRange(args, 2, args.length)) {
            if (a.startsWith("master=")) {
                master = a.substring(7);
            } else if (a.startsWith("partitions=")) {
                partitions = Integer.parseInt(a.substring(11));
            } else {
                settings.put(a.substring(0, a.indexOf('=')), a);
            }
        }
        List<String> overrides = new ArrayList<>(settings.values());
        long wallStart = System.nanoTime();
        String loadAtStart = load();
        JsonNode trainInfo = new ObjectMapper().readTree(new File(trainDir, "clicklog.json"));
        JsonNode testInfo = new ObjectMapper().readTree(new File(testDir, "clicklog.json"));
        List<CategoricalInput> tables = new ArrayList<>();
        for (int c = 0; c < ClickLogSpec.CATEGORICAL.size(); c++) {
            String name = ClickLogSpec.CATEGORICAL.get(c);
            tables.add(new CategoricalInput(name, trainInfo.at("/categorical/" + name + "/vocabulary").asInt(), DIMS[c],
                    OovPolicy.ERROR));
        }
        InputBlockSpec spec = new InputBlockSpec(ClickLogSpec.NUMERIC.size(), tables, null);
        overrides.add(0, "layers=" + spec.width() + ",64,2");
        TrainingPlan plan = TrainConfig.defaults().with(overrides.toArray(String[]::new)).plan();
        TabularColumns columns = TabularColumns.label(ClickLogSpec.LABEL).numeric(ClickLogSpec.NUMERIC)
                .categorical(ClickLogSpec.CATEGORICAL).build();
        System.out.printf(Locale.ROOT, "clicklog scale run: %s, %d partitions, -Xmx %.1f GB, load %s%n  inputs: %s%n  plan: %s%n",
                master, partitions, Runtime.getRuntime().maxMemory() / 1e9, loadAtStart, spec, String.join(" ", overrides));
        try (JavaSparkContext sc = SparkContexts.create("dpnet clicklog scale run", master)) {
            SparkSession spark = InputReader.session(sc);
            long t0 = System.nanoTime();
            TabularShards shards = TabularShards.fromDataFrame(spark.read().parquet(trainDir + "/parquet"))
                    .columns(columns).inputs(spec).classes(2).partitions(partitions).name("train").build();
            double shardSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  shards: %,d rows in %d partitions, %.0f MB cached, built in %.1f s; peak heap so far %.0f MB%n",
                    shards.count(), shards.partitions(), shards.sizeInBytes() / 1e6, shardSeconds, peakHeap() / 1e6);
            BlockTrainer trainer = new BlockTrainer(sc);
            long t1 = System.nanoTime();
            BlockTrainResult result = trainer.train(BlockTrainRequest.of(shards, spec, plan, Objective.classification(null))
                    .withListener(new Progress()));
            double trainSeconds = (System.nanoTime() - t1) / 1e9;
            shards.release();
            long rowsTrained = shards.count() * plan.epochs();
            BlockTrainer.WireStats wire = trainer.lastWireStats();
            System.out.printf(Locale.ROOT, "  trained: %d epoch(s), %,d steps, %.1f s: %,.0f rows/s (%.1f ms/step); table bytes/step %.2f MB (deltas), snapshots %.0f MB%n",
                    plan.epochs(), result.steps(), trainSeconds, rowsTrained / trainSeconds, 1e3 * trainSeconds / result.steps(),
                    wire.stepTableBytes() / 1e6 / Math.max(1, wire.steps()), wire.snapshotBytes() / 1e6);
            for (EpochMetrics m : result.history()) {
                System.out.printf(Locale.ROOT, "    epoch %d: train loss %.4f, train accuracy %.4f, %,.0f rows/s%n", m.epoch(),
                        m.trainLoss(), m.trainAccuracy(), m.samplesPerSecond());
            }
            long t2 = System.nanoTime();
            double[] scored = score(spark, testDir, result, spec);
            System.out.printf(Locale.ROOT, "  test (%,d rows from row %,d, scored on the driver in %.1f s): accuracy %.4f, AUC %.4f%n",
                    (long) scored[2], testInfo.get("firstRow").asLong(), (System.nanoTime() - t2) / 1e9, scored[0], scored[1]);
            System.out.printf(Locale.ROOT, "  ceiling (the rule on the same test rows): accuracy %.4f, AUC %.4f; positive rate %.4f%n",
                    testInfo.at("/ceiling/bayesAccuracy").asDouble(), testInfo.at("/ceiling/bayesAuc").asDouble(),
                    testInfo.at("/ceiling/positiveRate").asDouble());
        }
        System.out.printf(Locale.ROOT, "  peak heap %.0f MB (sum of heap pools' peaks: an upper bound), wall %.1f s incl. Spark start; load %s at start, %s at end%n",
                peakHeap() / 1e6, (System.nanoTime() - wallStart) / 1e9, loadAtStart, load());
    }

    /** Accuracy, AUC and row count of the trained network on the test rows, streamed to the driver in chunks. */
    private static double[] score(SparkSession spark, String testDir, BlockTrainResult result, InputBlockSpec spec) {
        BlockNetwork net = new BlockNetwork(spec, result.dense());
        BlockNetworkWorkspace ws = net.workspace(SCORE_CHUNK, Gemm.create("java"));
        int numeric = spec.numericCount();
        float[] x = new float[SCORE_CHUNK * numeric];
        int[][] ids = new int[spec.categoricals().size()][SCORE_CHUNK];
        int[] labels = new int[SCORE_CHUNK];
        // Keys: positive-float score bits << 1 | label; sorting them orders by score (ties grouped).
        long[] keys = new long[1 << 20];
        int n = 0;
        long correct = 0;
        // One part at a time through collect (toLocalIterator's task results are not Kryo-registered):
        // at most one part's rows (--rows-per-file of the test set) are on the driver at once.
        File[] parts = new File(testDir, "parquet").listFiles((d, name) -> name.endsWith(".parquet"));
        Arrays.sort(parts);
        for (File part : parts) {
            List<Row> partRows = spark.read().parquet(part.getPath()).collectAsList();
            for (int first = 0; first < partRows.size(); first += SCORE_CHUNK) {
                int k = Math.min(SCORE_CHUNK, partRows.size() - first);
                for (int i = 0; i < k; i++) {
                    Row r = partRows.get(first + i);
                    labels[i] = r.getInt(0);
                    for (int c = 0; c < ids.length; c++) {
                        ids[c][i] = r.getInt(1 + c);
                    }
                    for (int j = 0; j < numeric; j++) {
                        x[i * numeric + j] = r.getFloat(1 + ids.length + j);
                    }
                }
                InputRows batch = InputRows.builder(spec, k).numeric(Arrays.copyOf(x, k * numeric))
                        .categorical(copies(ids, k)).build();
                float[] out = net.forward(result.params(), batch.batch(0, k), ws);
                for (int i = 0; i < k; i++) {
                    float p1 = out[2 * i + 1];
                    if ((p1 > out[2 * i] ? 1 : 0) == labels[i]) {
                        correct++;
                    }
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * n);
                    }
                    keys[n++] = ((long) Float.floatToIntBits(p1) << 1) | labels[i];
                }
            }
        }
        Arrays.sort(keys, 0, n);
        double sum = 0;
        long negatives = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            long bits = keys[i] >>> 1;
            long tiePos = 0;
            long tieNeg = 0;
            for (; i < n && keys[i] >>> 1 == bits; i++) {
                if ((keys[i] & 1) == 1) {
                    tiePos++;
                } else {
                    tieNeg++;
                }
            }
            sum += tiePos * (negatives + 0.5 * tieNeg);
            negatives += tieNeg;
            positives += tiePos;
        }
        return new double[] {(double) correct / n, sum / ((double) positives * negatives), n};
    }

    private static int[][] copies(int[][] ids, int k) {
        int[][] out = new int[ids.length][];
        for (int c = 0; c < ids.length; c++) {
            out[c] = Arrays.copyOf(ids[c], k);
        }
        return out;
    }

    /** Progress every 30 s: the step, rows/s so far. */
    private static final class Progress implements TrainingListener {
        private long last = System.nanoTime();

        @Override
        public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch, double loss,
                double accuracy, double seconds) {
            long now = System.nanoTime();
            if (now - last > 30_000_000_000L || step == stepsInEpoch) {
                last = now;
                System.out.printf(Locale.ROOT, "    epoch %d step %,d/%,d: loss %.4f, accuracy %.4f, %,.0f rows/s, heap peak %.0f MB, load %s%n",
                        epoch, step, stepsInEpoch, loss, accuracy, samplesDone / seconds, peakHeap() / 1e6, load());
            }
        }
    }

    /** Same measure as the CLI's PeakHeap: the sum of every heap pool's peak. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
