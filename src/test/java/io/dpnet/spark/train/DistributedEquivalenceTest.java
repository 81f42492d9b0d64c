package io.dpnet.spark.train;

import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingListener;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.SampleOrder;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import io.dpnet.optim.Optimizer;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core correctness property: synchronous SGD over P partitions equals single-machine SGD on
 * the concatenated mini-batch, so results do not depend on the cluster's size.
 */
class DistributedEquivalenceTest {
    private static final int COUNT = 1000;
    private static final int SIDE = 7;

    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", COUNT, SIDE, 10, 7);
        data = SyntheticIdx.open(dir, "train", 10);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainConfig config(String optimizer, String kernel) {
        // 1000 samples / batch 64 = 16 steps, the last one partial (40 samples).
        return TrainConfig.defaults().with("layers=49,32,16,10", "activations=relu,tanh,softmax",
                "optimizer=" + optimizer, "learningRate=0.01", "batchSize=64", "epochs=1", "seed=3",
                "kernel=" + kernel, "evalEvery=0");
    }

    private static float[] trainOn(int partitions, TrainConfig cfg) {
        ShardedData shards = ShardedData.load(sc, data, partitions, "train-" + partitions);
        try {
            return new DistributedTrainer(sc, cfg).train(TrainRequest.of(shards)).params();
        } finally {
            shards.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam"})
    void oneEpochOnOneTwoAndFourPartitionsGivesTheSameWeights(String optimizer) {
        TrainConfig cfg = config(optimizer, "java");
        float[] one = trainOn(1, cfg);
        float[] two = trainOn(2, cfg);
        float[] four = trainOn(4, cfg);
        float[] init = new DistributedTrainer(sc, cfg).initialParams();
        // Training moved the weights (so equality below is not trivially true)...
        assertThat(maxAbsDiff(one, init)).isGreaterThan(1e-2f);
        // ...and only summation order differs between layouts: float rounding, nothing more.
        assertThat(maxAbsDiff(one, two)).isLessThan(2e-5f);
        assertThat(maxAbsDiff(one, four)).isLessThan(2e-5f);
    }

    @Test
    void oneDistributedStepEqualsTheMathCoresSingleMachineStep() throws Exception {
        TrainConfig cfg = config("adam", "java");
        ModelSpec spec = cfg.modelSpec();
        DistributedTrainer trainer = new DistributedTrainer(sc, cfg);
        float[] params = trainer.initialParams();
        SampleOrder order = new SampleOrder(COUNT, cfg.seed(), 1);
        int batch = cfg.batchSize();

        ShardedData shards = ShardedData.load(sc, data, 4, "train-step");
        GradientSum distributed;
        try {
            distributed = trainer.step(shards, params.clone(), order, 0, batch);
        } finally {
            shards.release();
        }

        // Single machine: gather the same global mini-batch in order, one forward/backward pass.
        float[] x = new float[batch * spec.inputSize()];
        int[] y = new int[batch];
        float[] row = new float[spec.inputSize()];
        int[] label = new int[1];
        for (int i = 0; i < batch; i++) {
            data.read(new Configuration(), (int) order.indexAt(i), 1, row, 0, label, 0);
            System.arraycopy(row, 0, x, i * row.length, row.length);
            y[i] = label[0];
        }
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(batch, Gemm.create("ejml"));
        float[] grad = net.newGradient();
        var stats = net.gradient(params, x, 0, y, 0, batch, grad, ws, false);

        assertThat(distributed.count()).isEqualTo(batch);
        assertThat(distributed.lossSum()).isCloseTo(stats.lossSum(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(distributed.correct()).isEqualTo(stats.correct());
        float[] distributedSum = toFloat(distributed.gradient());
        assertThat(maxAbsDiff(distributedSum, grad)).isLessThan(1e-4f);

        // ...and the optimizer step applied to each gives the same weights.
        float[] afterDistributed = params.clone();
        float[] afterSingle = params.clone();
        Optimizer a = cfg.optimizerSpec().create(spec.paramCount());
        Optimizer b = cfg.optimizerSpec().create(spec.paramCount());
        a.step(afterDistributed, scaled(distributedSum, 1f / batch), 0.01f);
        b.step(afterSingle, scaled(grad, 1f / batch), 0.01f);
        assertThat(maxAbsDiff(afterDistributed, afterSingle)).isLessThan(1e-5f);
        assertThat(maxAbsDiff(afterDistributed, params)).isGreaterThan(1e-3f);
    }

    @Test
    void dropoutMasksDoNotDependOnPartitioning() {
        // Masks are keyed by (seed, step, global sample index), never by partition or row.
        TrainConfig cfg = config("adam", "java").with("dropout=0.3,0.2");
        float[] one = trainOn(1, cfg);
        float[] four = trainOn(4, cfg);
        assertThat(maxAbsDiff(one, four)).isLessThan(2e-5f);
        assertThat(maxAbsDiff(one, trainOn(1, config("adam", "java")))).as("dropout changed training")
                .isGreaterThan(1e-3f);
    }

    @Test
    void theEjmlReferenceKernelTrainsToTheSameWeights() {
        float[] java = trainOn(2, config("adam", "java"));
        float[] ejml = trainOn(2, config("adam", "ejml"));
        assertThat(maxAbsDiff(java, ejml)).isLessThan(2e-5f);
    }

    @Test
    void theVectorKernelKeepsTheEquivalence() {
        // The fast path on: still partition-independent and equal to the EJML reference.
        float[] one = trainOn(1, config("adam", "vector"));
        float[] four = trainOn(4, config("adam", "vector"));
        assertThat(maxAbsDiff(one, four)).isLessThan(2e-5f);
        assertThat(maxAbsDiff(one, trainOn(1, config("adam", "ejml")))).isLessThan(2e-5f);
    }

    private static float[] scaled(float[] g, float s) {
        float[] out = g.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
