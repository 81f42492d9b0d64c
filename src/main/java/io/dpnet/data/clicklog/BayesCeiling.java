package io.dpnet.data.clicklog;

import java.io.Serializable;
import java.util.BitSet;

/**
 * What the ground-truth rule itself achieves on a set of generated rows — the ceiling for any
 * model trained on them — plus the facts a reader checks the set against (positive rate, distinct
 * ids per column). Tasks fill one each; {@link #merge} adds them up (every field is a count or a
 * sum of integers, so the result does not depend on how rows were split, to the last bit: the
 * description file that holds them is part of the set's SHA-256).
 *
 * <ul>
 *   <li><b>Bayes accuracy</b>: predicting 1 iff P(1 | row) &gt; ½; both the realized accuracy on
 *       the drawn labels and its expectation Σ max(p, 1 − p) / n (without the label noise of this
 *       particular draw).
 *   <li><b>Bayes AUC</b>: the AUC of the score P(1 | row) against the drawn labels, from histograms
 *       of the logit in {@value #BINS} bins over [−{@value #LOGIT_RANGE}, {@value #LOGIT_RANGE}]
 *       (clamped): pairs in one bin count ½, so the exact AUC is within {@link #aucTieBound()} of
 *       {@link #auc()}. Exact sorting would need every score of 10⁷ rows on the driver.
 * </ul>
 */
public final class BayesCeiling implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int BINS = 1 << 16;
    static final double LOGIT_RANGE = 16.0;
    private static final double FIXED_ONE = 0x1.0p32;

    private final long[] positivesByBin = new long[BINS];
    private final long[] negativesByBin = new long[BINS];
    private final BitSet[] seen;
    private long rows;
    private long positives;
    private long bayesCorrect;
    /** Σ max(p, 1 − p) in units of 2^-32, so that sums are exact and any split adds up to the same bits. */
    private long expectedCorrectFixed;

    public BayesCeiling(ClickLogSpec spec) {
        seen = new BitSet[ClickLogSpec.CATEGORICAL.size()];
        for (int c = 0; c < seen.length; c++) {
            seen[c] = new BitSet(spec.vocabulary(c));
        }
    }

    /** Counts the current row of {@code rows}. */
    public void add(ClickLogRows row) {
        double p = row.probability();
        int label = row.label();
        rows++;
        positives += label;
        int predicted = p > 0.5 ? 1 : 0;
        if (predicted == label) {
            bayesCorrect++;
        }
        expectedCorrectFixed += Math.round(Math.max(p, 1.0 - p) * FIXED_ONE);
        double logit = row.logit();
        int bin = (int) ((Math.min(Math.max(logit, -LOGIT_RANGE), LOGIT_RANGE) + LOGIT_RANGE) / (2 * LOGIT_RANGE) * BINS);
        bin = Math.min(bin, BINS - 1);
        if (label == 1) {
            positivesByBin[bin]++;
        } else {
            negativesByBin[bin]++;
        }
        for (int c = 0; c < seen.length; c++) {
            seen[c].set(row.id(c));
        }
    }

    /** Adds {@code other}'s rows into this one; returns this. */
    public BayesCeiling merge(BayesCeiling other) {
        rows += other.rows;
        positives += other.positives;
        bayesCorrect += other.bayesCorrect;
        expectedCorrectFixed += other.expectedCorrectFixed;
        for (int b = 0; b < BINS; b++) {
            positivesByBin[b] += other.positivesByBin[b];
            negativesByBin[b] += other.negativesByBin[b];
        }
        for (int c = 0; c < seen.length; c++) {
            seen[c].or(other.seen[c]);
        }
        return this;
    }

    public long rows() {
        return rows;
    }

    public long positives() {
        return positives;
    }

    /** Accuracy of "1 iff P(1 | row) > ½" on the drawn labels. */
    public double bayesAccuracy() {
        return (double) bayesCorrect / rows;
    }

    /** The same accuracy's expectation over the label draw: Σ max(p, 1 − p) / n. */
    public double expectedBayesAccuracy() {
        return expectedCorrectFixed / FIXED_ONE / rows;
    }

    /** AUC of P(1 | row) against the drawn labels (binned; see {@link #aucTieBound()}). */
    public double auc() {
        double sum = 0;
        long negativesBelow = 0;
        for (int b = 0; b < BINS; b++) {
            sum += positivesByBin[b] * (negativesBelow + 0.5 * negativesByBin[b]);
            negativesBelow += negativesByBin[b];
        }
        return sum / ((double) positives * (rows - positives));
    }

    /** The most the binned {@link #auc()} can differ from the exact one: half the share of same-bin pairs. */
    public double aucTieBound() {
        double tied = 0;
        for (int b = 0; b < BINS; b++) {
            tied += (double) positivesByBin[b] * negativesByBin[b];
        }
        return 0.5 * tied / ((double) positives * (rows - positives));
    }

    /** Distinct ids that occur in categorical column {@code c}. */
    public int distinctIds(int c) {
        return seen[c].cardinality();
    }
}
