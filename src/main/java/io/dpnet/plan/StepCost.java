package io.dpnet.plan;

/**
 * One predicted synchronous step, in seconds, by where the time goes.
 *
 * @param fixed the bare job: scheduling and launching the tasks, their status messages
 * @param broadcast the weights' broadcast: driver create/destroy, executors' fetch and deserialization
 * @param math the tasks' critical path: gather (every batch position, the partition's rows) plus
 *     forward/backward of the largest partition share, times the waves of tasks per slot
 * @param result the gradient sums' way back: serialization, treeAggregate levels, network, the
 *     driver's deserialization and merge
 * @param driver the driver's update (finite check, mean, optimizer)
 */
public record StepCost(double fixed, double broadcast, double math, double result, double driver) {
    public double total() {
        return fixed + broadcast + math + result + driver;
    }

    /** The share of the step spent in the tasks' math (and gather). */
    public double mathShare() {
        return math / total();
    }
}
