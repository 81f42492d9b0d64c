package io.dpnet.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.Optimizer;
import io.dpnet.optim.OptimizerState;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two edge cases of a local-SGD round (issue #11, item 3), driven through one {@link LocalSgd}
 * job with hand-set optimizer state:
 * <ul>
 *   <li>a partition that holds none of a local step's members must still advance its optimizer
 *       state by that step (Adam's step count, the decay of momentum and of Adam's moments), or
 *       the replicas' states drift apart from each other and from the driver's step count;</li>
 *   <li>the averaged Adam second moment must never be negative: it is a mean of squares, but the
 *       average is computed as {@code start + Σ nₚ·(vₚ − start) / N} in float and can round below
 *       zero, and the next local step takes its square root.</li>
 * </ul>
 */
class LocalSgdEdgeCasesTest {
    private static final int SIDE = 4;
    private static final int FEATURES = SIDE * SIDE;

    @TempDir
    static Path dir;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() {
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    /** Position i of the epoch is sample i: which partition holds a step's members is then known. */
    private static final IndexOrder IDENTITY = new IndexOrder() {
        @Override
        public long indexAt(long position) {
            return position;
        }

        @Override
        public long size() {
            return Long.MAX_VALUE;
        }
    };

    /**
     * Random images whose first {@code zeroPixels} pixels are always 0, so the weights leaving
     * those inputs get an exactly-zero gradient on every partition.
     */
    private static IdxDataset data(String name, int count, int zeroPixels) throws Exception {
        Random rng = new Random(count * 31L + zeroPixels);
        Path images = dir.resolve(name + "-images-idx3-ubyte");
        Path labels = dir.resolve(name + "-labels-idx1-ubyte");
        try (var img = new DataOutputStream(Files.newOutputStream(images));
             var lab = new DataOutputStream(Files.newOutputStream(labels))) {
            img.writeInt(0x00000803);
            img.writeInt(count);
            img.writeInt(SIDE);
            img.writeInt(SIDE);
            lab.writeInt(0x00000801);
            lab.writeInt(count);
            for (int n = 0; n < count; n++) {
                lab.writeByte(rng.nextInt(3));
                for (int i = 0; i < FEATURES; i++) {
                    img.writeByte(i < zeroPixels ? 0 : rng.nextInt(256));
                }
            }
        }
        return IdxDataset.open(new Configuration(), images.toString(), labels.toString(), 3);
    }

    private static TrainConfig config(String optimizer, String... more) {
        return TrainConfig.defaults().with("layers=" + FEATURES + ",8,3", "activations=relu,softmax",
                "optimizer=" + optimizer, "seed=5", "kernel=java").with(more);
    }

    /** One round of {@code rates.length} local steps from step 0 of the epoch, as global steps from {@code globalStep}. */
    private static void round(TrainConfig cfg, ShardedData shards, float[] params, Optimizer optimizer,
                              long globalStep, float[] rates) {
        LocalSgd job = new LocalSgd(sc, shards, cfg.plan(), shards.count());
        assertThat(job.run(IDENTITY, 0, globalStep, rates, params, optimizer).finite()).isTrue();
    }

    /** An optimizer of {@code cfg}'s kind at step {@code step}, every state slot filled with {@code value(i)}. */
    private static Optimizer optimizerWith(TrainConfig cfg, long step, IntToDoubleFunction value) {
        int n = cfg.modelSpec().paramCount();
        Optimizer o = cfg.optimizerSpec().create(n);
        int slots = o.state().slots().size();
        float[][] filled = new float[slots][n];
        for (float[] s : filled) {
            for (int i = 0; i < n; i++) {
                s[i] = (float) value.applyAsDouble(i);
            }
        }
        o.restore(new OptimizerState(o.name(), step, List.of(filled)));
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"momentum", "adam"})
    void aPartitionWithoutMembersInAStepStillAdvancesItsOptimizerState(String optimizer) throws Exception {
        // Batch 1 on 2 partitions of 4 samples, one round of 8 steps over positions 0..7 in order:
        // partition 0 holds the members of steps 0-3 only, partition 1 those of steps 4-7 only.
        // With learning rate 0 the weights, and so every gradient, stay put; the state is then
        // affine in the starting state: every replica that takes all 8 steps turns a starting
        // slot c into decay⁸·c + (the same gradient terms), whatever c is. So two rounds that
        // differ only in the starting state must end decay⁸·(c₁ − c₂) apart. A replica that skips
        // its 4 empty steps decays its share by decay⁴ instead.
        TrainConfig cfg = config(optimizer, "batchSize=1");
        ShardedData shards = ShardedData.load(sc, data("empty-steps", 8, 0), 2, "empty-steps");
        try {
            float[] rates = new float[8];
            float[] params = cfg.plan().initialParams();
            Optimizer zero = optimizerWith(cfg, 40, i -> 0);
            Optimizer lifted = optimizerWith(cfg, 40, i -> 0.5 + (i % 7) * 0.25);
            round(cfg, shards, params.clone(), zero, 40, rates);
            round(cfg, shards, params.clone(), lifted, 40, rates);
            OptimizerState a = zero.state();
            OptimizerState b = lifted.state();
            assertThat(a.step()).isEqualTo(48);
            assertThat(b.step()).isEqualTo(48);
            double[] decays = optimizer.equals("adam")
                    ? new double[] {cfg.optimizerSpec().beta1(), cfg.optimizerSpec().beta2()}
                    : new double[] {cfg.optimizerSpec().momentum()};
            for (int s = 0; s < decays.length; s++) {
                float[] sa = a.slots().get(s);
                float[] sb = b.slots().get(s);
                double decay8 = Math.pow((float) decays[s], 8);
                for (int i = 0; i < sa.length; i++) {
                    double lift = 0.5 + (i % 7) * 0.25;
                    assertThat((double) sb[i] - sa[i])
                            .as("slot %d, parameter %d: starting state %s decayed by 8 steps on every replica",
                                    s, i, lift)
                            .isCloseTo(decay8 * lift, within(1e-5 * lift));
                }
            }
        } finally {
            shards.release();
        }
    }

    @Test
    void theAveragedAdamSecondMomentIsNeverNegative() throws Exception {
        // β2 = 0: a replica's second moment after a step is g² — exactly 0 for the weights leaving
        // the always-black pixels — so the true average of those is 0, and the float average
        // start + Σ nₚ·(0 − start)·(1/N) lands a rounding error either side of it. Negative, the
        // next round's √v̂ is NaN and so are the weights.
        TrainConfig cfg = config("adam", "batchSize=6", "beta2=0");
        ShardedData shards = ShardedData.load(sc, data("rounding", 30, 8), 3, "rounding");
        try {
            ModelSpec spec = cfg.modelSpec();
            float[] params = cfg.plan().initialParams();
            // First moments 0, second moments distinct, so the rounding is not the same everywhere.
            Optimizer adam = cfg.optimizerSpec().create(params.length);
            float[] v0 = new float[params.length];
            for (int i = 0; i < v0.length; i++) {
                v0[i] = (float) (1e-3 * (1 + Math.floorMod(i * 7919, 1009) / 97.0));
            }
            adam.restore(new OptimizerState("adam", 10, List.of(new float[params.length], v0)));
            float[] rates = {1e-3f, 1e-3f, 1e-3f, 1e-3f, 1e-3f};
            round(cfg, shards, params, adam, 10, rates);
            float[] v = adam.state().slots().get(1);
            int zeroGradientWeights = 8 * spec.layer(0).outputs();
            for (int i = 0; i < zeroGradientWeights; i++) {
                assertThat(v[i]).as("second moment of weight %d (input pixel %d, always 0)", i, i / 8)
                        .isGreaterThanOrEqualTo(0f).isLessThan(1e-9f);
            }
            for (int i = 0; i < v.length; i++) {
                assertThat(v[i]).as("second moment of parameter %d", i).isGreaterThanOrEqualTo(0f);
            }
            round(cfg, shards, params, adam, 15, rates);
            for (int i = 0; i < params.length; i++) {
                assertThat(params[i]).as("parameter %d after the next round", i).isFinite();
            }
        } finally {
            shards.release();
        }
    }
}
