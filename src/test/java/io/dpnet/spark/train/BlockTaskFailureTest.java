package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.input.TabularShard;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.testing.SyntheticTable;
import io.dpnet.train.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Spark's task retry (local[N,F]) and block networks: a retried task — here also on an executor
 * that lost its cached tables, so it catches up from the snapshot — computes the same gradient,
 * and the run ends with exactly the weights of an undisturbed one. The shards come from
 * {@link TabularShards#fromShards} (how a generator hands rows over without a DataFrame).
 */
class BlockTaskFailureTest {
    static final AtomicInteger TASKS = new AtomicInteger();
    static final AtomicInteger INJECTED = new AtomicInteger();

    /** The table's rows as {@code parts} consecutive shards. */
    static List<TabularShard> shardsOf(SyntheticTable table, int parts) {
        List<TabularShard> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = table.rows * p / parts;
            int to = table.rows * (p + 1) / parts;
            int n = to - from;
            int[] user = new int[n];
            int[] city = new int[n];
            float[] targets = new float[n];
            float[] weights = new float[n];
            int[] offsets = new int[n + 1];
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                user[i] = table.user[from + i];
                city[i] = table.city[from + i];
                targets[i] = table.label[from + i];
                weights[i] = table.weight[from + i];
                for (int t : table.tokens[from + i]) {
                    ids.add(t);
                }
                offsets[i + 1] = ids.size();
            }
            float[] numeric = java.util.Arrays.copyOfRange(table.numeric, from * 3, to * 3);
            out.add(new TabularShard(from, n, 3, numeric, new int[][] {user, city}, offsets,
                    ids.stream().mapToInt(Integer::intValue).toArray(), targets, weights));
        }
        return out;
    }

    @Test
    void retriedTasksOnExecutorsThatLostTheirTablesChangeNothing() {
        InputBlockSpec spec = SyntheticTable.spec();
        TrainingPlan plan = TrainConfig.defaults().with("layers=" + spec.width() + ",12,3", "activations=tanh,softmax",
                "optimizer=momentum", "learningRate=0.05", "batchSize=50", "epochs=1", "seed=3", "kernel=java",
                "evalEvery=0").plan();
        try (JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("dpnet-block-faults", "local[2,4]")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
            TabularShards data = TabularShards.fromShards(
                    sc.parallelize(shardsOf(new SyntheticTable(400, 8), 2), 2), spec, "train");
            assertThat(data.count()).isEqualTo(400);
            assertThat(data.weighted()).isTrue();
            BlockTrainRequest request = BlockTrainRequest.of(data, spec, plan, Objective.classification(null))
                    .withBroadcast(BroadcastPolicy.deltas(5));
            BlockTrainer trainer = new BlockTrainer(sc);
            BlockTrainResult undisturbed = trainer.train(request);

            long loadsBefore = TableReplicas.snapshotLoads();
            TabularShards flaky = data.withShards(data.shards().mapPartitions(it -> {
                int n = TASKS.incrementAndGet();
                // 8 steps × 2 tasks: fail the first attempt of a few, dropping this JVM's tables as a restart would.
                if ((n == 5 || n == 12 || n == 15) && TaskContext.get().attemptNumber() == 0) {
                    INJECTED.incrementAndGet();
                    TableReplicas.clear();
                    throw new IllegalStateException("injected task failure #" + n);
                }
                return it;
            }, true));
            BlockTrainResult retried = trainer.train(BlockTrainRequest.of(flaky, spec, plan,
                    Objective.classification(null)).withBroadcast(BroadcastPolicy.deltas(5)));

            assertThat(INJECTED.get()).isEqualTo(3);
            assertThat(TableReplicas.snapshotLoads() - loadsBefore).isGreaterThanOrEqualTo(3);
            assertThat(retried.params().dense()).containsExactly(undisturbed.params().dense());
            for (int t = 0; t < spec.tableCount(); t++) {
                assertThat(retried.params().tables().table(t)).containsExactly(undisturbed.params().tables().table(t));
            }
            data.release();
        }
    }
}
