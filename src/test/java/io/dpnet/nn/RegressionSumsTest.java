package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RMSE, MAE and R² from mergeable sums, against direct two-pass formulas. */
class RegressionSumsTest {

    @Test
    void metricsMatchTheDirectFormulasAndPartitionSumsAddUp() {
        Random rnd = new Random(12);
        int n = 500;
        float[] t = new float[n];
        float[] p = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) (3 + 2 * rnd.nextGaussian());
            p[i] = (float) (t[i] + 0.7 * rnd.nextGaussian());
            w[i] = (float) (0.1 + rnd.nextDouble());
        }
        RegressionTargets targets = new RegressionTargets(t, 1, w);
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            swy += w[i] * t[i];
        }
        double mean = swy / sw;
        double sse = 0;
        double sae = 0;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) p[i] - t[i];
            sse += w[i] * e * e;
            sae += w[i] * Math.abs(e);
            sst += w[i] * (t[i] - mean) * (t[i] - mean);
        }
        // Three "partitions" of unequal size, merged.
        RegressionSums merged = new RegressionSums(1);
        int[] cuts = {0, 123, 124, n};
        for (int k = 0; k + 1 < cuts.length; k++) {
            RegressionSums part = new RegressionSums(1);
            part.add(java.util.Arrays.copyOfRange(p, cuts[k], cuts[k + 1]), targets, cuts[k], cuts[k + 1] - cuts[k]);
            merged.merge(part);
        }
        assertThat(merged.weight()).isCloseTo(sw, within(1e-9));
        assertThat(merged.rmse(0)).isCloseTo(Math.sqrt(sse / sw), within(1e-9));
        assertThat(merged.mae(0)).isCloseTo(sae / sw, within(1e-9));
        assertThat(merged.r2(0)).isCloseTo(1 - sse / sst, within(1e-9));
        assertThat(merged.r2(0)).isBetween(0.85, 0.95); // noise sd 0.7 on targets of sd 2: R² ≈ 1 − 0.49/4
    }

    @Test
    void perfectPredictionsScoreROneAndTheMeanScoresZero() {
        float[] t = {1f, 2f, 4f, 9f};
        RegressionTargets targets = new RegressionTargets(t, 1, null);
        RegressionSums perfect = new RegressionSums(1);
        perfect.add(t.clone(), targets, 0, 4);
        assertThat(perfect.r2(0)).isEqualTo(1.0);
        assertThat(perfect.rmse(0)).isZero();
        RegressionSums mean = new RegressionSums(1);
        mean.add(new float[] {4f, 4f, 4f, 4f}, targets, 0, 4);
        assertThat(mean.r2(0)).isCloseTo(0.0, within(1e-12));
        assertThat(mean.mae(0)).isEqualTo(2.5);
        RegressionSums constant = new RegressionSums(1);
        constant.add(new float[] {1f}, new RegressionTargets(new float[] {5f}, 1, null), 0, 1);
        assertThat(constant.r2(0)).isNaN();
    }
}
