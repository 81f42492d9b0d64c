package io.dpnet.plan;

import java.util.Arrays;

/**
 * Forward + backward seconds per sample of one network, single thread, at several chunk sizes
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
