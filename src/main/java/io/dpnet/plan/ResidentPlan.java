package io.dpnet.plan;

import java.util.List;

/**
 * The plan of what the configured {@code sync.engine} runs: the resident engine's measured
 * constants, its step in the measured mode, and for every cluster size the engine the
 * configuration runs there, its predicted step next to one Spark job per step's, and the fastest
 * of both engines (neither changes the trained weights).
 *
 * @param whyNot why the resident engine cannot run this configuration at all (local SGD,
 *     {@code sync.pipeline}, an out-of-core training set), or null
 * @param configuredEngine the configured {@code sync.engine}: auto, jobs or resident
 * @param hereEngine the engine the configuration runs in the measured mode: "resident" or "jobs"
 * @param herePartitions the partitions it runs there
 */
public record ResidentPlan(ResidentCosts here, ResidentCosts cluster, String whyNot, String configuredEngine,
                          String hereEngine, int herePartitions, StepCost hereStep, double hereEpochSeconds,
                          List<Row> rows) {
    public static final String RESIDENT = "resident";
    public static final String JOBS = "jobs";

    /** Whether the configuration runs the resident engine in the measured mode. */
    public boolean residentHere() {
        return RESIDENT.equals(hereEngine);
    }

    /**
     * One cluster size.
     *
     * @param engine what the configured {@code sync.engine} runs there (auto: resident, because
     *     its partitions — every slot — fit the slots)
     * @param partitions the configured partitions (every slot)
     * @param step the resident step on them
     * @param epochSeconds the resident epoch (steps plus the epoch's barrier job)
     * @param configured what the configuration runs there: the resident step above, or one job per
     *     step with the configured partitions and treeDepth
     * @param efficiency of the engine the configuration runs: speedup over one executor / N
     * @param bestResident the fastest resident partition count and its epoch
     * @param jobs one Spark job per step with the planner's choice of partitions and treeDepth
     * @param fastest the fastest of all: engine, settings and why
     */
    public record Row(ClusterSpec cluster, String engine, int partitions, StepCost step, double epochSeconds,
                      Option configured, double efficiency, Option bestResident, Option jobs, Fastest fastest) {
    }

    /** An engine with settings: partitions (and treeDepth for jobs), its step and epoch. */
    public record Option(String engine, int partitions, int treeDepth, StepCost step, double epochSeconds) {
        public String describe() {
            return engine.equals(JOBS) ? "jobs P=" + partitions + " d=" + treeDepth : "resident P=" + partitions;
        }
    }

    /**
     * The fastest option; {@code jobsBeatResident} when one job per step (treeAggregate's levels
     * spare the driver's link) is faster than every resident option that can run here.
     */
    public record Fastest(Option option, boolean jobsBeatResident) {
    }
}
