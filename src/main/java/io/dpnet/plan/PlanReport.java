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

    /** The step in the measured mode with the configuration's partitions and depth. */
    public record Here(CostModel.Settings settings, StepCost step, double epochSeconds) {
    }

    /**
     * Predicted against measured: the run's seconds per step (epoch time / steps, averaged over
     * {@code epochs}, which leave out epoch 1 and its JIT warm-up when the run has more than one),
     * and its math on the critical path per step.
     */
    public record Validation(String run, String epochs, double measuredStepSeconds, double measuredMathSeconds,
                             double predictedStepSeconds) {
        public double ratio() {
            return predictedStepSeconds / measuredStepSeconds;
        }
    }
}
