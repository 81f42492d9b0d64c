package io.dpnet.data.clicklog;

import io.dpnet.data.augment.CounterRng;

/**
 * Generates row {@code r} of a click log into reused fields: a pure function of (spec, r), so
 * any task computing any range gives the same rows. Per row: a counter-based stream keyed by
 * (seed, r) draws, in this order, the three ids (Zipf-like inverse transform), the three numeric
 * values (Box–Muller, rounded to float32 — the rule is evaluated on the stored floats) and the
 * label's uniform. Per-id effects come from a second stream keyed by (seed, id, column), so they
 * are never stored: computing one costs a few hash rounds.
 *
 * <p>All transcendental functions are {@link StrictMath}, so the bytes are the same on any JVM.
 * Not thread-safe: one per task.
 */
public final class ClickLogRows {
    private static final double UNIT = 0x1.0p-53;
    private static final long ROW_STREAM = 0;

    private final ClickLogSpec spec;
    private final CounterRng rowRng = new CounterRng();
    private final CounterRng effectRng = new CounterRng();
    private final int[] ids = new int[ClickLogSpec.CATEGORICAL.size()];
    private final float[] numeric = new float[ClickLogSpec.NUMERIC.size()];
    /** Per column: (n + 1)^(1 - s) - 1 of the Zipf inverse, computed once (a pow per row saved). */
    private final double[] zipfSpan = new double[ids.length];
    private double logit;
    private double probability;
    private int label;

    public ClickLogRows(ClickLogSpec spec) {
        this.spec = spec;
        for (int c = 0; c < ids.length; c++) {
            zipfSpan[c] = zipfSpan(spec.vocabulary(c), ClickLogSpec.ZIPF_EXPONENT[c]);
        }
    }

    /** Makes row {@code row} current. */
    public void generate(long row) {
        rowRng.reset(spec.seed(), row, ROW_STREAM);
        for (int c = 0; c < ids.length; c++) {
            ids[c] = zipfRank(unit(rowRng), spec.vocabulary(c), ClickLogSpec.ZIPF_EXPONENT[c], zipfSpan[c]);
        }
        for (int j = 0; j < numeric.length; j++) {
            numeric[j] = (float) gaussian(rowRng);
        }
        logit = logit(ids, numeric);
        probability = sigmoid(logit);
        label = unit(rowRng) < probability ? 1 : 0;
    }

    /** The current row's id in categorical column {@code c}. */
    public int id(int c) {
        return ids[c];
    }

    /** The current row's numeric column {@code j}. */
    public float numeric(int j) {
        return numeric[j];
    }

    public int label() {
        return label;
    }

    /** The rule's P(label = 1 | this row's columns): the Bayes-optimal score. */
    public double probability() {
        return probability;
    }

    /** The rule's log-odds of this row. */
    public double logit() {
        return logit;
    }

    /** The rule's log-odds for any (ids, numeric values); rows need not come from the generator. */
    public double logit(int[] rowIds, float[] rowNumeric) {
        double z = ClickLogSpec.BIAS;
        for (int c = 0; c < rowIds.length; c++) {
            z += effect(c, rowIds[c]);
        }
        for (int j = 0; j < rowNumeric.length; j++) {
            z += ClickLogSpec.NUMERIC_WEIGHT[j] * rowNumeric[j];
        }
        return z;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + StrictMath.exp(-z));
    }

    /** The ground-truth effect (logit units) of id {@code id} in categorical column {@code column}. */
    public double effect(int column, int id) {
        effectRng.reset(spec.seed(), id, 1 + column);
        return ClickLogSpec.EFFECT_SIGMA[column] * gaussian(effectRng);
    }

    /**
     * Rank {@code 0..n-1} with P(rank k) ≈ (k+1)^-s / Σ: the inverse of the continuous power-law
     * CDF on [1, n + 1), floored. Exact inverse transform of the continuous law, so one uniform
     * gives one rank in O(1) with no table (a discrete Zipf table for 10⁶ ids would be 8 MB per task).
     */
    static int zipfRank(double u, int n, double s, double span) {
        double x;
        if (isHarmonic(s)) {
            x = StrictMath.exp(u * span);
        } else {
            x = StrictMath.pow(1.0 + u * span, 1.0 / (1.0 - s));
        }
        int k = (int) x - 1;
        return Math.min(Math.max(k, 0), n - 1); // guards the rounding at both ends
    }

    /** The CDF's normaliser: ln(n + 1) for s = 1, else (n + 1)^(1 - s) - 1. */
    static double zipfSpan(int n, double s) {
        return isHarmonic(s) ? StrictMath.log(n + 1.0) : StrictMath.pow(n + 1.0, 1.0 - s) - 1.0;
    }

    private static boolean isHarmonic(double s) {
        return Math.abs(s - 1.0) < 1e-12;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    private static double unit(CounterRng rng) {
        return (rng.nextLong() >>> 11) * UNIT;
    }

    /** One standard normal (Box–Muller, the cosine half; the sine half is dropped to keep draws positional). */
    private static double gaussian(CounterRng rng) {
        double u1 = ((rng.nextLong() >>> 11) + 1) * UNIT; // (0, 1]: log stays finite
        double u2 = unit(rng);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
