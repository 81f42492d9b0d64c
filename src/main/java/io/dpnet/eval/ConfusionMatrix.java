package io.dpnet.eval;

import java.io.Serializable;

/**
 * Counts of (actual, predicted) class pairs, and the classification metrics derived from them.
 *
 * <p>Built per partition and merged, so it is one flat {@code long[]} (row = actual class,
 * column = predicted) that serializes compactly. Metrics that would divide by zero — precision of
 * a class never predicted, recall of a class absent from the data, accuracy of no samples — are
 * defined as 0, as scikit-learn's {@code zero_division=0} does.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int classes;
    private final long[] counts;

    public ConfusionMatrix(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class, got " + classes);
        }
        this.classes = classes;
        this.counts = new long[Math.multiplyExact(classes, classes)];
    }

    public int classes() {
        return classes;
    }

    public void add(int actual, int predicted) {
        counts[index(actual, predicted)]++;
    }

    /** Adds the first {@code n} pairs {@code (actual[i], predicted[i])}. */
    public void addAll(int[] actual, int[] predicted, int n) {
        if (n < 0 || n > actual.length || n > predicted.length) {
            throw new IllegalArgumentException("cannot add " + n + " pairs from arrays of length " + actual.length
                    + " and " + predicted.length);
        }
        for (int i = 0; i < n; i++) {
            add(actual[i], predicted[i]);
        }
    }

    /** Adds {@code other}'s counts into this matrix; returns this, for use as a reduce function. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge a " + other.classes + "-class confusion matrix into a "
                    + classes + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    public long count(int actual, int predicted) {
        return counts[index(actual, predicted)];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Fraction of samples predicted correctly; 0 for an empty matrix. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += counts[c * classes + c];
        }
        return ratio(correct, total());
    }

    /** Samples whose actual class is {@code c} (row sum). */
    public long support(int c) {
        checkClass("class", c);
        long s = 0;
        for (int p = 0; p < classes; p++) {
            s += counts[c * classes + p];
        }
        return s;
    }

    /** Samples predicted as {@code c} (column sum). */
    public long predicted(int c) {
        checkClass("class", c);
        long s = 0;
        for (int a = 0; a < classes; a++) {
            s += counts[a * classes + c];
        }
        return s;
    }

    /** Of the samples predicted as {@code c}, the fraction that are {@code c}; 0 if none were. */
    public double precision(int c) {
        return ratio(count(c, c), predicted(c));
    }

    /** Of the samples that are {@code c}, the fraction predicted as {@code c}; 0 if there are none. */
    public double recall(int c) {
        return ratio(count(c, c), support(c));
    }

    /**
     * Harmonic mean of precision and recall, computed as {@code 2tp / (2tp + fp + fn)} (the same
     * value, without rounding the two ratios first); 0 when the class is neither present nor
     * predicted.
     */
    public double f1(int c) {
        long tp = count(c, c);
        long fp = predicted(c) - tp;
        long fn = support(c) - tp;
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** Unweighted mean of {@link #f1} over all classes, including any absent from the data. */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += f1(c);
        }
        return sum / classes;
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] toArray() {
        long[][] a = new long[classes][classes];
        for (int r = 0; r < classes; r++) {
            System.arraycopy(counts, r * classes, a[r], 0, classes);
        }
        return a;
    }

    private int index(int actual, int predicted) {
        checkClass("actual class", actual);
        checkClass("predicted class", predicted);
        return actual * classes + predicted;
    }

    private void checkClass(String what, int c) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException(what + " " + c + " is out of range: the model has " + classes
                    + " classes (0.." + (classes - 1) + ")");
        }
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
