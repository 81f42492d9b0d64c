package io.dpnet.plan;

/**
 * The plan for one cluster size: the step with the configuration's own settings (partitions =
 * every slot, the configured treeDepth), the settings the planner chooses, and the opt-in local
 * SGD hint (null when the synchronous step is already mostly math).
 *
 * @param efficiency speedup over one executor divided by the executors (1 at N = 1)
 */
public record PlanRow(ClusterSpec cluster, CostModel.Settings settings, StepCost step, double epochSeconds,
                      double samplesPerSecond, double efficiency, Choice choice, LocalSgdHint localSgd) {

    /** The fastest synchronous settings (partitions, treeDepth): they do not change the trained weights. */
    public record Choice(CostModel.Settings settings, StepCost step, double epochSeconds, double efficiency) {
    }

    /**
     * Local SGD with {@code localSteps} steps per round: faster, but NOT the same result as
     * synchronous SGD; {@code caveat} says what is known about its accuracy at this split.
     */
    public record LocalSgdHint(int localSteps, double epochSeconds, String caveat) {
    }
}
