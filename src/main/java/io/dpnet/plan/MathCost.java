package io.dpnet.plan;

import java.util.Arrays;
import java.util.List;

/**
 * Forward + backward seconds per sample of one network, per task thread, at several chunk sizes
 * (rows per gradient pass): small chunks use the kernels less efficiently, and a partition's share
 * of a step shrinks as partitions are added. Between measured sizes the rate is interpolated
 * linearly in log(rows); outside them the nearest measured rate is used.
 */
public record MathCost(int[] chunkRows, Measured[] perSample, int maxChunkRows) {
    public MathCost {
        if (chunkRows.length == 0 || chunkRows.length != perSample.length) {
            throw new IllegalArgumentException("need one rate per chunk size, got " + chunkRows.length + " sizes and "
                    + perSample.length + " rates");
        }
        for (int i = 1; i < chunkRows.length; i++) {
            if (chunkRows[i] <= chunkRows[i - 1]) {
                throw new IllegalArgumentException("chunk sizes must increase: " + Arrays.toString(chunkRows));
            }
        }
        if (maxChunkRows < 1) {
            throw new IllegalArgumentException("maxChunkRows must be positive, got " + maxChunkRows);
        }
    }

    /**
     * Several threads' costs measured at the same time (the plan's probe in every task slot at
     * once): per chunk size the mean of their rates, the lowest low and the highest high.
     */
    public static MathCost meanOf(List<MathCost> costs) {
        if (costs.isEmpty()) {
            throw new IllegalArgumentException("no math costs to combine");
        }
        MathCost first = costs.get(0);
        Measured[] mean = new Measured[first.chunkRows.length];
        for (int i = 0; i < mean.length; i++) {
            double sum = 0;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (MathCost c : costs) {
                if (!Arrays.equals(c.chunkRows, first.chunkRows) || c.maxChunkRows != first.maxChunkRows) {
                    throw new IllegalArgumentException("math costs of different chunk sizes: "
                            + Arrays.toString(first.chunkRows) + " and " + Arrays.toString(c.chunkRows));
                }
                sum += c.perSample[i].value();
                low = Math.min(low, c.perSample[i].low());
                high = Math.max(high, c.perSample[i].high());
            }
            mean[i] = new Measured(sum / costs.size(), low, high);
        }
        return new MathCost(first.chunkRows.clone(), mean, first.maxChunkRows);
    }

    /** Seconds per sample in a pass of {@code rows} rows. */
    public double perSampleAt(int rows) {
        if (rows <= chunkRows[0]) {
            return perSample[0].value();
        }
        int last = chunkRows.length - 1;
        if (rows >= chunkRows[last]) {
            return perSample[last].value();
        }
        int i = 1;
        while (chunkRows[i] < rows) {
            i++;
        }
        double f = (Math.log(rows) - Math.log(chunkRows[i - 1])) / (Math.log(chunkRows[i]) - Math.log(chunkRows[i - 1]));
        return perSample[i - 1].value() + f * (perSample[i].value() - perSample[i - 1].value());
    }

    /**
     * Seconds for a partition's {@code rows} samples, done as the step does them: full chunks of
     * {@link #maxChunkRows} and one remainder.
     */
    public double secondsFor(long rows) {
        if (rows <= 0) {
            return 0;
        }
        long full = rows / maxChunkRows;
        int rest = (int) (rows % maxChunkRows);
        return full * maxChunkRows * perSampleAt(maxChunkRows) + (rest == 0 ? 0 : rest * perSampleAt(rest));
    }
}
