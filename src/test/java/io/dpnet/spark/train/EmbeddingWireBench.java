package io.dpnet.spark.train;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.SampleOrder;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.BlockGradient;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.TabularShard;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Bytes moved per step and step time of block-network training, sparse vs dense, for one
 * categorical column whose table has 10⁴, 10⁵ or 10⁶ rows × 32 (a benchmark that prints, not a
 * test). Network: 4 numeric inputs + the 32-dim embedding → 64 relu → 2 softmax, Adam (lazy
 * Adam on the table), batch 1024, {@code ROWS_OF_DATA} rows with uniform random ids, P partitions.
 * <ul>
 *   <li><b>sparse</b>: {@link BlockTrainer} as shipped — tasks return sparse row gradients,
 *       each step broadcasts the dense vector plus the row delta of the last update;</li>
 *   <li><b>dense</b>: the baseline an engine without sparse rows would be — every step
 *       broadcasts the whole table with the dense vector, tasks return a full table-sized
 *       gradient, the driver sums them and steps dense Adam over the whole table. Same data,
 *       same batches, same math per row.</li>
 * </ul>
 * Bytes per step = broadcast payload one executor fetches (dense vector + table delta, or dense
 * vector + whole table) + the serialized task results (Spark's {@code resultSize} task metric,
 * summed over the step's tasks). On local[N] nothing crosses a network; these are the bytes that
 * would. Step time: median over the steps after the first (wall clock, driver side).
 *
 * <pre>
 * scripts/bench-embed.sh            # 10⁴, 10⁵, 10⁶ rows; -Dtables=10000,100000 -Dsteps=6 -Dmaster=local[2]
 * </pre>
 */
public final class EmbeddingWireBench {
    private static final int DIM = 32;
    private static final int BATCH = 1024;

    private EmbeddingWireBench() {
    }

    public static void main(String[] args) {
        int[] tables = Arrays.stream(System.getProperty("tables", "10000,100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int steps = Integer.getInteger("steps", 6);
        int partitions = Integer.getInteger("partitions", 2);
        String master = System.getProperty("master", "local[2]");
        int rowsOfData = steps * BATCH;
        AtomicLong resultBytes = new AtomicLong();
        try (JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("dpnet-embed-wire", master)
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.maxResultSize", "4g"))) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskMetrics() != null) {
                        resultBytes.addAndGet(end.taskMetrics().resultSize());
                    }
                }
            });
            System.out.printf(Locale.ROOT, "master %s, %d partitions, batch %d, %d steps per run, table dim %d%n",
                    master, partitions, BATCH, steps, DIM);
            System.out.println("| table rows | path | broadcast MB/step | results MB/step | total MB/step | step ms (median) |");
            System.out.println("| ---: | --- | ---: | ---: | ---: | ---: |");
            // A discarded warm-up round on the smallest table, so that JIT compilation is not billed
            // to whichever path runs first.
            int[] rounds = new int[tables.length + 1];
            rounds[0] = -Arrays.stream(tables).min().orElseThrow();
            System.arraycopy(tables, 0, rounds, 1, tables.length);
            for (int round : rounds) {
                boolean warmUp = round < 0;
                int rows = Math.abs(round);
                InputBlockSpec spec = new InputBlockSpec(4,
                        List.of(new CategoricalInput("item", rows, DIM, OovPolicy.ERROR)), null);
                TrainingPlan plan = TrainConfig.defaults().with("layers=" + spec.width() + ",64,2",
                        "activations=relu,softmax", "optimizer=adam", "learningRate=0.001", "batchSize=" + BATCH,
                        "epochs=1", "seed=1", "evalEvery=0").plan();
                TabularShards data = TabularShards.fromShards(sc.parallelize(shards(rowsOfData, rows, partitions),
                        partitions), spec, "bench");
                long denseVector = 4L * plan.model().paramCount();

                resultBytes.set(0);
                List<Long> stepNanos = new ArrayList<>();
                long[] last = {System.nanoTime()};
                BlockTrainer trainer = new BlockTrainer(sc);
                long t0 = System.nanoTime();
                last[0] = t0;
                trainer.train(BlockTrainRequest.of(data, spec, plan, Objective.classification(null))
                        .withListener(new TrainingListener() {
                            @Override
                            public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone,
                                               long samplesInEpoch, double runningLoss, double runningAccuracy,
                                               double epochSeconds) {
                                long now = System.nanoTime();
                                stepNanos.add(now - last[0]);
                                last[0] = now;
                            }
                        }));
                BlockTrainer.WireStats w = trainer.lastWireStats();
                long sparseResults = resultBytes.get() / w.steps();

                resultBytes.set(0);
                List<Long> denseNanos = denseBaseline(sc, data, spec, plan, steps);
                long tableBytes = 4L * rows * DIM;
                if (!warmUp) {
                    print(rows, "sparse (row deltas, sparse results)", denseVector + w.stepTableBytes() / w.steps(),
                            sparseResults, stepNanos);
                    print(rows, "dense (full table both ways)", denseVector + tableBytes, resultBytes.get() / steps,
                            denseNanos);
                }
                data.release();
            }
        }
    }

    private static void print(int rows, String path, long broadcast, long results, List<Long> nanos) {
        List<Long> after = new ArrayList<>(nanos.subList(1, nanos.size()));
        after.sort(null);
        double median = after.get(after.size() / 2) / 1e6;
        if (Boolean.getBoolean("verbose")) {
            System.out.println(path + " step ms: " + nanos.stream().map(v -> String.valueOf(v / 1_000_000)).toList());
        }
        System.out.printf(Locale.ROOT, "| %,d | %s | %.3f | %.3f | %.3f | %.0f |%n", rows, path, broadcast / 1e6,
                results / 1e6, (broadcast + results) / 1e6, median);
    }

    /** {@code n} rows: 4 gaussian numbers, a uniform id, a label from x0 and the id's parity. */
    static List<TabularShard> shards(int n, int vocabulary, int parts) {
        Random rnd = new Random(7);
        List<TabularShard> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int count = (int) ((long) n * (p + 1) / parts) - from;
            float[] x = new float[count * 4];
            int[] ids = new int[count];
            float[] y = new float[count];
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < 4; j++) {
                    x[i * 4 + j] = (float) rnd.nextGaussian();
                }
                ids[i] = rnd.nextInt(vocabulary);
                y[i] = (x[i * 4] > 0) ^ (ids[i] % 2 == 0) ? 1 : 0;
            }
            out.add(new TabularShard(from, count, 4, x, new int[][] {ids}, null, null, y, null));
        }
        return out;
    }

    /**
     * The dense baseline: the same gradient per row, but the table travels whole both ways and
     * dense Adam steps over all of it. Returns the wall time of each step.
     */
    private static List<Long> denseBaseline(JavaSparkContext sc, TabularShards data, InputBlockSpec spec,
                                            TrainingPlan plan, int steps) {
        float[] params = plan.initialParams();
        float[] table = EmbeddingTables.initialize(spec, plan.seed()).table(0);
        Optimizer denseOpt = plan.optimizer().create(params.length);
        Optimizer tableOpt = plan.optimizer().create(table.length);
        BlockTask task = new BlockTask(spec, plan.model(), Objective.classification(null), false,
                io.dpnet.train.TrainingPlan.MAX_CHUNK_ROWS, plan.kernel());
        IndexOrder order = new SampleOrder(data.count(), plan.seed(), 1);
        List<Long> nanos = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            Broadcast<float[][]> weights = sc.broadcast(new float[][] {params, table});
            long from = (long) s * BATCH;
            long to = Math.min(data.count(), from + BATCH);
            float[][] sum = data.shards().treeAggregate(new float[0][], (acc, shard) -> {
                BlockSlot slot = BlockSlot.get(task);
                float[][] w = weights.value();
                BlockParams p = new BlockParams(w[0], new EmbeddingTables(spec, new float[][] {w[1]}));
                BlockGradient g = new BlockGradient(w[0].length, spec);
                for (long pos = from; pos < to; pos++) {
                    long index = order.indexAt(pos);
                    if (shard.holds(index)) {
                        slot.add(shard, (int) (index - shard.start()));
                        if (slot.rows == slot.maxRows) {
                            slot.net.gradient(p, slot.batch(), g, slot.ws);
                            slot.reset();
                        }
                    }
                }
                if (slot.rows > 0) {
                    slot.net.gradient(p, slot.batch(), g, slot.ws);
                    slot.reset();
                }
                float[] tableGrad = new float[w[1].length];
                g.table(0).addTo(tableGrad);
                return add(acc, new float[][] {g.dense(), tableGrad, {(float) g.lossSum().weight()}});
            }, EmbeddingWireBench::add, plan.treeDepth());
            weights.destroy();
            float inv = 1f / sum[2][0];
            for (float[] a : new float[][] {sum[0], sum[1]}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] *= inv;
                }
            }
            denseOpt.step(params, sum[0], 0.001f);
            tableOpt.step(table, sum[1], 0.001f);
            nanos.add(System.nanoTime() - t0);
        }
        return nanos;
    }

    private static float[][] add(float[][] a, float[][] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                a[k][i] += b[k][i];
            }
        }
        return a;
    }
}
