package io.dpnet.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The levels Spark's {@code RDD.treeAggregate} adds for a partition count and depth, by Spark's
 * own rule (Spark 4.x, {@code RDD.scala}): {@code scale = max(ceil(P^(1/depth)), 2)}; while
 * {@code P > scale + ceil(P / scale)}, one more shuffle stage folds the partial results into
 * {@code P / scale} partitions. The driver then merges whatever is left. With the default depth
 * 2, 2–5 partitions need no level (the driver merges them all) and 6 or more get one — which is
 * why a step on 8 partitions costs a shuffle stage that a step on 4 does not.
 */
public final class TreeShape {
    private TreeShape() {
    }

    /** The partition count after each level, in order (empty when the driver merges the P results directly). */
    public static List<Integer> levels(int partitions, int depth) {
        if (partitions < 1 || depth < 1) {
            throw new IllegalArgumentException("partitions and depth must be positive, got " + partitions + " and "
                    + depth);
        }
        List<Integer> out = new ArrayList<>();
        int n = partitions;
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + (int) Math.ceil((double) n / scale)) {
            n /= scale;
            out.add(n);
        }
        return out;
    }

    /** How many partial results reach the driver. */
    public static int resultsAtDriver(int partitions, int depth) {
        List<Integer> l = levels(partitions, depth);
        return l.isEmpty() ? partitions : l.get(l.size() - 1);
    }
}
