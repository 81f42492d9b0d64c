package io.dpnet.spark.plan;

/**
 * One round's fitted job costs (seconds, seconds per byte), as the model will combine them: what a
 * step with no math would cost on {@code partitions} tasks if it were the bare job plus its
 * broadcast and results. The real step's own cost is what its measured time leaves beyond this.
 */
record RoundFit(double jobBase, double perTask, double perWave, double broadcastPerByte, double resultOnce,
                double resultEach) {

    /** The bare job on {@code partitions} tasks over {@code slots}, a 4-byte-per-parameter broadcast, 8-byte results, no tree level. */
    double stepWithoutMath(int partitions, int slots, int params) {
        int waves = (partitions + slots - 1) / slots;
        return jobBase + perTask * partitions + perWave * (waves - 1) + broadcastPerByte * 4.0 * params
                + (resultOnce + partitions * resultEach) * 8.0 * params;
    }

    /** The real step's cost beyond the model's terms: its time, minus its tasks' math, minus {@link #stepWithoutMath}. */
    double realStepExtra(double stepSeconds, double mathSeconds, int partitions, int slots, int params) {
        return stepSeconds - mathSeconds - stepWithoutMath(partitions, slots, params);
    }

    /**
     * Per round, the real step's cost beyond this fit — the constants as the model will use them,
     * summarized over the rounds and clipped at zero — so that the model, at the real step's
     * partitions and payloads, gives back exactly the mean real step it measured. (Per-round fits
     * would not: a constant whose mean is negative is clipped after the differences were taken,
     * and the model over-predicted by it — 29–41% in one validation.)
     */
    double[] realStepExtras(double[] stepSeconds, double[] mathSeconds, int partitions, int slots, int params) {
        double[] extra = new double[stepSeconds.length];
        for (int r = 0; r < extra.length; r++) {
            extra[r] = realStepExtra(stepSeconds[r], mathSeconds[r], partitions, slots, params);
        }
        return extra;
    }
}
