package io.dpnet.plan;

/**
 * The math as an engine's real steps pay it: the slowest task's forward/backward per step (its own
 * timer, the gather not included), in real steps at the configured batch on {@code partitions}
 * partitions. The probe times the math in every slot at once but alone; in a step the tasks'
 * math also meets the step's other work (the other tasks' messages and results, the driver, the
 * garbage collector) and the step waits for the slowest task. Measured here on MNIST's network:
 * 1.1× the probe in {@code local[1]}, 1.2× in {@code local[2]}, 1.4–1.6× with two executor JVMs
 * on two cores.
 *
 * <p>A median (over steps, or over blocks of steps): the plan's own probe jobs leave garbage in
 * the executors, and a block that meets their collection on a 2-core machine measured the
 * factor at up to 1.9 where training's steps ran at 1.1–1.2.
 *
 * @param slowestTaskSeconds the slowest task's math per step, median
 */
public record StepMath(Measured slowestTaskSeconds, int partitions, int batch) {
    public StepMath {
        if (partitions < 1 || batch < 1) {
            throw new IllegalArgumentException("partitions and batch must be positive, got " + partitions + " and "
                    + batch);
        }
    }

    /**
     * The real steps' math over what the probe predicts for the same steps (their expected
     * largest partition share): the factor the model applies to the probe's math.
     */
    public double factor(MathCost math) {
        double probe = math.secondsFor(CostModel.largestShare(batch, partitions));
        return probe > 0 ? slowestTaskSeconds.value() / probe : 1;
    }
}
