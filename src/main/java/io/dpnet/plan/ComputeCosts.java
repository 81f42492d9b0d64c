package io.dpnet.plan;

/**
 * The costs of the work around a step, timed with dpnet's own code (the math in every task slot at once).
 *
 * @param math forward + backward per sample of the configured network (the exact double-sum path
 *     the synchronous step uses), by chunk size
 * @param gatherPerPosition a task's cost per position of the global batch: every partition walks
 *     ALL the batch's positions (sample order + shard lookup), so this does not shrink with more
 *     partitions
 * @param gatherPerRow per row a partition copies into its batch buffer (bytes to floats)
 * @param driverPerParam the driver's update per parameter: finite check, mean, optimizer step
 * @param jobsStepMath the math in real one-job-per-step steps at the configured batch (null: not
 *     measured, the probe's math is used as is)
 * @param residentStepMath the same in real resident steps (null: not measured)
 * @param mathWeights the weights the math was measured at ({@link MathProbe.Weights#source})
 */
public record ComputeCosts(MathCost math, Measured gatherPerPosition, Measured gatherPerRow,
                           Measured driverPerParam, StepMath jobsStepMath, StepMath residentStepMath,
                           String mathWeights) {

    /** Probe constants alone, without real steps' math, at the initial weights. */
    public ComputeCosts(MathCost math, Measured gatherPerPosition, Measured gatherPerRow, Measured driverPerParam) {
        this(math, gatherPerPosition, gatherPerRow, driverPerParam, null, null, INITIAL_WEIGHTS);
    }

    /** How {@link MathProbe.Weights#initial} names its weights. */
    public static final String INITIAL_WEIGHTS = "the initial (He) weights";

    public ComputeCosts withStepMath(StepMath jobs, StepMath resident) {
        return new ComputeCosts(math, gatherPerPosition, gatherPerRow, driverPerParam, jobs, resident, mathWeights);
    }

    public ComputeCosts withMathWeights(String source) {
        return new ComputeCosts(math, gatherPerPosition, gatherPerRow, driverPerParam, jobsStepMath, residentStepMath,
                source);
    }

    /** What one job per step's math is over the probe's (1 when not measured). */
    public double jobsMathFactor() {
        return jobsStepMath == null ? 1 : jobsStepMath.factor(math);
    }

    /** What the resident engine's math is over the probe's (1 when not measured). */
    public double residentMathFactor() {
        return residentStepMath == null ? 1 : residentStepMath.factor(math);
    }
}
