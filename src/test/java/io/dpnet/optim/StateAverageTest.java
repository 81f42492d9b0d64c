package io.dpnet.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The driver-side average of a local-SGD round's optimizer states. */
class StateAverageTest {
    /** What the partitions send: nₚ·(sₚ − s₀), summed in float as ParamSum.merge does. */
    private static float[] weightedDeltaSum(float[] start, float[][] replicas, int[] counts) {
        float[] sum = new float[start.length];
        for (int p = 0; p < replicas.length; p++) {
            for (int i = 0; i < start.length; i++) {
                sum[i] += counts[p] * (replicas[p][i] - start[i]);
            }
        }
        return sum;
    }

    @Property(tries = 300)
    void averagedSecondMomentsAreNeverNegative(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1,
            max = 1_000_000) Integer> start, @ForAll @IntRange(min = 1, max = 97) int n1, @ForAll @IntRange(min = 1, max = 97)
            int n2, @ForAll @IntRange(min = 1, max = 97) int n3) {
        // Every replica's second moment decayed to (exactly) 0: the true average is 0.
        float[] v0 = new float[start.size()];
        for (int i = 0; i < v0.length; i++) {
            v0[i] = start.get(i) * 1e-5f; // (0, 10]
        }
        float[][] replicas = {new float[v0.length], new float[v0.length], new float[v0.length]};
        int[] counts = {n1, n2, n3};
        OptimizerState s0 = new OptimizerState(Adam.NAME, 3, List.of(new float[v0.length], v0));
        OptimizerState avg = StateAverage.averaged(s0, new float[][] {new float[v0.length],
            weightedDeltaSum(v0, replicas, counts)}, n1 + n2 + n3, 4);
        for (float v : avg.slots().get(1)) {
            assertThat(v).isGreaterThanOrEqualTo(0f).isLessThanOrEqualTo(1e-5f);
        }
    }

    @Test
    void aRoundingErrorBelowZeroIsClampedInTheSecondMomentOnly() {
        // 30 samples: 1/30 rounds up in float, so v0 - 30·v0·fl(1/30) can land below zero.
        float[] v0 = new float[2000];
        for (int i = 0; i < v0.length; i++) {
            v0[i] = 1e-3f * (1 + i / 97f);
        }
        float[][] zeros = {new float[v0.length], new float[v0.length], new float[v0.length]};
        float[] delta = weightedDeltaSum(v0, zeros, new int[] {10, 10, 10});
        float[] unclamped = v0.clone();
        StateAverage.addScaled(unclamped, delta, (float) (1.0 / 30));
        float lowest = Float.MAX_VALUE;
        for (float v : unclamped) {
            lowest = Math.min(lowest, v);
        }
        assertThat(lowest).as("the unclamped average of these does round below zero").isNegative();

        OptimizerState adam = StateAverage.averaged(new OptimizerState(Adam.NAME, 7, List.of(v0, v0)),
                new float[][] {delta, delta}, 30, 5);
        assertThat(adam.step()).isEqualTo(12);
        for (float v : adam.slots().get(1)) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
        // The first moment is a signed average: left as computed.
        assertThat(adam.slots().get(0)).containsExactly(unclamped);
        OptimizerState momentum = StateAverage.averaged(new OptimizerState(Momentum.NAME, 0, List.of(v0)),
                new float[][] {delta}, 30, 5);
        assertThat(momentum.slots().get(0)).containsExactly(unclamped);
    }

    @Test
    void aRoundMustReturnOneDeltaPerSlot() {
        OptimizerState adam = new OptimizerState(Adam.NAME, 0, List.of(new float[2], new float[2]));
        assertThatThrownBy(() -> StateAverage.averaged(adam, new float[][] {new float[2]}, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam state has 2 slot(s), the round returned 1");
    }
}
