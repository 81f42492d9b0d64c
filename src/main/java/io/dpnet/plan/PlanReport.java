package io.dpnet.plan;

import java.util.List;

/**
 * Everything {@code dpnet plan} prints and writes: the workload, the measured constants, the step
 * predicted for the mode they were measured in, the table for N executors on the stated network,
 * and (with {@code --against RUN}) the comparison with a measured run.
 *
 * @param network the stated network and cores per executor (its executor count is unused)
 * @param validation null unless a run was given; its prediction is of the engine the configuration
 *     runs here ({@link ResidentPlan#hereEngine})
 * @param resident the resident engine's plan, or null when it was not measured
 */
public record PlanReport(String conf, Workload workload, CostConstants constants, Here here, ClusterSpec network,
                         List<PlanRow> rows, Validation validation, ResidentPlan resident) {

    /** Whether the configuration runs the resident engine here (else one job per step). */
    public boolean residentHere() {
        return resident != null && resident.residentHere();
    }

    /** The step the configuration runs here: the resident engine's, or one job per step's. */
    public StepCost stepRunHere() {
        return residentHere() ? resident.hereStep() : here.step();
    }

    /** The step in the measured mode with the configuration's partitions and depth. */
    public record Here(CostModel.Settings settings, StepCost step, double epochSeconds) {
    }

    /**
     * Predicted against measured: the run's seconds per step (epoch time / steps, averaged over
     * {@code epochs}: its second half, the epochs after the first ⌈N/2⌉, which hold the JIT
     * warm-up; its only epoch if it has one), and its math on the critical path per step.
     */
    public record Validation(String run, String epochs, double measuredStepSeconds, double measuredMathSeconds,
                             double predictedStepSeconds) {
        public double ratio() {
            return predictedStepSeconds / measuredStepSeconds;
        }
    }
}
