package io.dpnet.data.clicklog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The click-log generator without Spark: ids follow the stated power law, effects have the stated
 * spread and depend on (seed, column, id) only, labels are Bernoulli(P) of the rule, and the
 * ceiling's binned AUC agrees with an exact sort within its stated bound.
 */
class ClickLogRowsTest {
    private static final ClickLogSpec SPEC = ClickLogSpec.defaults(7);

    @Test
    void zipfRanksCoverTheVocabularyAndFollowThePowerLaw() {
        int n = 1000;
        for (double s : new double[] {0.8, 1.0, 1.1}) {
            double span = ClickLogRows.zipfSpan(n, s);
            assertThat(ClickLogRows.zipfRank(0.0, n, s, span)).isZero();
            assertThat(ClickLogRows.zipfRank(Math.nextDown(1.0), n, s, span)).isEqualTo(n - 1);
            // The continuous law's mass on [k+1, k+2) relative to [1, 2): ranks 0 and 3 exactly.
            for (int k : new int[] {1, 3, 30}) {
                double expected = mass(k, s) / mass(0, s);
                double u0 = cdf(1, n, s);
                double uk = cdf(k + 1, n, s) - cdf(k, n, s);
                assertThat(uk / u0).as("s=%s rank %d", s, k).isCloseTo(expected, within(1e-9));
                // The inverse lands in rank k exactly for u inside that CDF interval.
                double mid = (cdf(k, n, s) + cdf(k + 1, n, s)) / 2;
                assertThat(ClickLogRows.zipfRank(mid, n, s, span)).isEqualTo(k);
            }
        }
    }

    /** ∫ over [k+1, k+2) of x^-s. */
    private static double mass(int k, double s) {
        return s == 1.0 ? Math.log((k + 2.0) / (k + 1.0)) : (Math.pow(k + 2.0, 1 - s) - Math.pow(k + 1.0, 1 - s)) / (1 - s);
    }

    /** P(rank < k) of the continuous law on [1, n + 1). */
    private static double cdf(int k, int n, double s) {
        return s == 1.0 ? Math.log(k + 1.0) / Math.log(n + 1.0)
                : (Math.pow(k + 1.0, 1 - s) - 1) / (Math.pow(n + 1.0, 1 - s) - 1);
    }

    @Test
    void generatedIdsAreInRangeAndMostPopularFirst() {
        ClickLogRows rows = new ClickLogRows(SPEC);
        int[][] counts = {new int[100], new int[100], new int[100]};
        for (long r = 0; r < 50_000; r++) {
            rows.generate(r);
            for (int c = 0; c < 3; c++) {
                assertThat(rows.id(c)).isBetween(0, SPEC.vocabulary(c) - 1);
                if (rows.id(c) < 100) {
                    counts[c][rows.id(c)]++;
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            assertThat(counts[c][0]).as("column %d", c).isGreaterThan(counts[c][1]);
            assertThat(counts[c][1]).as("column %d", c).isGreaterThan(counts[c][10]);
            assertThat(counts[c][10]).as("column %d", c).isGreaterThan(counts[c][99]);
        }
    }

    @Test
    void effectsDependOnSeedColumnAndIdOnlyWithTheStatedSpread() {
        ClickLogRows a = new ClickLogRows(SPEC);
        ClickLogRows b = new ClickLogRows(SPEC);
        ClickLogRows otherSeed = new ClickLogRows(ClickLogSpec.defaults(8));
        b.generate(12345); // a generator's row state must not leak into effects
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            int n = 50_000;
            for (int id = 0; id < n; id++) {
                double e = a.effect(c, id);
                assertThat(b.effect(c, id)).isEqualTo(e);
                sum += e;
                squares += e * e;
            }
            assertThat(otherSeed.effect(c, 5)).isNotEqualTo(a.effect(c, 5));
            double mean = sum / n;
            double sd = Math.sqrt(squares / n - mean * mean);
            assertThat(mean).as("column %d mean", c).isCloseTo(0.0, within(0.02));
            assertThat(sd).as("column %d sd", c).isCloseTo(ClickLogSpec.EFFECT_SIGMA[c], within(0.02 * ClickLogSpec.EFFECT_SIGMA[c]));
        }
        assertThat(a.effect(0, 3)).isNotEqualTo(a.effect(1, 3));
    }

    @Test
    void aRowIsAFunctionOfItsIndexAndItsLabelFollowsTheRule() {
        ClickLogRows forward = new ClickLogRows(SPEC);
        ClickLogRows backward = new ClickLogRows(SPEC);
        int n = 100_000;
        long[] positives = new long[10];
        long[] totals = new long[10];
        double[] predicted = new double[10];
        for (int r = 0; r < n; r++) {
            forward.generate(r);
            backward.generate(n - 1 - r);
            backward.generate(r);
            assertThat(new double[] {backward.id(0), backward.id(1), backward.id(2), backward.numeric(0),
                backward.numeric(1), backward.numeric(2), backward.label()})
                    .isEqualTo(new double[] {forward.id(0), forward.id(1), forward.id(2), forward.numeric(0),
                        forward.numeric(1), forward.numeric(2), forward.label()});
            float[] x = {forward.numeric(0), forward.numeric(1), forward.numeric(2)};
            assertThat(forward.logit()).isEqualTo(forward.logit(new int[] {forward.id(0), forward.id(1), forward.id(2)}, x));
            int decile = (int) Math.min(9, forward.probability() * 10);
            totals[decile]++;
            positives[decile] += forward.label();
            predicted[decile] += forward.probability();
        }
        for (int d = 0; d < 10; d++) {
            // Calibration: within each decile of P, the positive rate matches the mean P (binomial
            // standard error √(p(1−p)/n) ≤ 0.5/√n; allow 5 of them).
            double rate = (double) positives[d] / totals[d];
            assertThat(rate).as("positive rate for P in decile %d (%d rows)", d, totals[d])
                    .isCloseTo(predicted[d] / totals[d], within(5 * 0.5 / Math.sqrt(totals[d])));
        }
    }

    @Test
    void binnedAucIsWithinItsBoundOfTheExactAucAndMergingSplitsChangesNoCount() {
        ClickLogRows rows = new ClickLogRows(SPEC);
        BayesCeiling whole = new BayesCeiling(SPEC);
        BayesCeiling first = new BayesCeiling(SPEC);
        BayesCeiling second = new BayesCeiling(SPEC);
        int n = 40_000;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            rows.generate(r);
            whole.add(rows);
            (r < 17_000 ? first : second).add(rows);
            scores[r] = rows.probability();
            labels[r] = rows.label();
        }
        double exact = exactAuc(scores, labels);
        assertThat(whole.auc()).isCloseTo(exact, within(whole.aucTieBound() + 1e-12));
        assertThat(whole.aucTieBound()).isLessThan(1e-3);
        BayesCeiling merged = second.merge(first);
        assertThat(merged.rows()).isEqualTo(n);
        assertThat(merged.positives()).isEqualTo(whole.positives());
        assertThat(merged.bayesAccuracy()).isEqualTo(whole.bayesAccuracy());
        assertThat(merged.auc()).isEqualTo(whole.auc());
        assertThat(merged.expectedBayesAccuracy()).isEqualTo(whole.expectedBayesAccuracy());
        for (int c = 0; c < 3; c++) {
            assertThat(merged.distinctIds(c)).isEqualTo(whole.distinctIds(c)).isPositive();
        }
        assertThat(whole.distinctIds(2)).isLessThanOrEqualTo(1000);
    }

    /** AUC by sorting: Σ over positives of the negatives ranked below (ties ½), over P·N. */
    private static double exactAuc(double[] scores, int[] labels) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(scores[i], scores[j]));
        double sum = 0;
        long negatives = 0;
        long positives = 0;
        for (int k = 0; k < order.length; ) {
            int end = k;
            long tiePos = 0;
            long tieNeg = 0;
            while (end < order.length && scores[order[end]] == scores[order[k]]) {
                if (labels[order[end]] == 1) {
                    tiePos++;
                } else {
                    tieNeg++;
                }
                end++;
            }
            sum += tiePos * (negatives + 0.5 * tieNeg);
            negatives += tieNeg;
            positives += tiePos;
            k = end;
        }
        return sum / ((double) positives * negatives);
    }

    @Test
    void badSizesAreRejectedWithTheOption() {
        assertThatThrownBy(() -> new ClickLogSpec(1, new int[] {10, 0, 5}))
                .hasMessage("--items must be >= 1, got 0");
        assertThatThrownBy(() -> new ClickLogSpec(1, new int[] {10, 5}))
                .hasMessage("expected 3 vocabulary sizes [user, item, site], got 2");
    }
}
