package io.dpnet.plan;

import java.util.Arrays;

/**
 * One measured constant: the median (or, with {@link #meanOf}, the mean) of repeated timings and
 * their spread (10th and 90th percentile), in SI units (seconds, seconds per byte, ...). A derived constant (a slope) carries
 * the same three figures computed from its inputs' medians and percentiles.
 */
public record Measured(double value, double low, double high) {
    public Measured {
        if (!Double.isFinite(value) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("a measured constant must be finite, got " + value + " ["
                    + low + ", " + high + "]");
        }
    }

    /** A value known exactly (no spread). */
    public static Measured exact(double value) {
        return new Measured(value, value, value);
    }

    /** Median, 10th and 90th percentile of {@code samples} (at least one). */
    public static Measured of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        return new Measured(percentile(s, 0.5), percentile(s, 0.1), percentile(s, 0.9));
    }

    /**
     * Mean, 10th and 90th percentile of {@code samples} (at least one): for costs that a run pays
     * once per step, whose total over an epoch is the count times the mean, not the median (on a
     * busy machine a Spark job's hand-offs between threads wait for a core now and then, a
     * right-skewed spread whose median under-states what the epoch pays).
     */
    public static Measured meanOf(double[] samples) {
        Measured m = of(samples);
        double sum = 0;
        for (double v : samples) {
            sum += v;
        }
        return new Measured(sum / samples.length, m.low(), m.high());
    }

    /** This constant scaled by {@code factor} (a positive factor keeps low ≤ high). */
    public Measured times(double factor) {
        return new Measured(value * factor, low * factor, high * factor);
    }

    /** This measurement shifted by {@code seconds} (value and both percentiles). */
    public Measured plus(double seconds) {
        return new Measured(value + seconds, low + seconds, high + seconds);
    }

    /** Never below zero: a slope or difference that noise pushed negative means "too small to see". */
    public Measured atLeastZero() {
        return new Measured(Math.max(0, value), Math.max(0, Math.min(low, high)), Math.max(0, Math.max(low, high)));
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
