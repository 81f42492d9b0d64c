package io.dpnet.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ResidentPlan}: for each row of the job-per-step table ({@link Planner}), the
 * resident step with every slot a partition, the fastest resident partition count, and the
 * fastest of both engines. Why the answer can be "jobs" at large N: a resident step sends P
 * replies of 4n bytes and receives P sums of 8n bytes over the driver's one link and decodes the P
 * sums one after another, while treeAggregate's levels merge sums on the executors and bring only a
 * few to the driver.
 */
public final class ResidentPlanner {
    /** A predicted time within this fraction of the configured engine's counts as a tie. */
    private static final double TIE = 0.01;

    private final ResidentCost model;

    public ResidentPlanner(ResidentCost model) {
        this.model = model;
    }

    /**
     * @param jobRows the job-per-step rows for the same cluster sizes
     * @param whyNot why the resident engine cannot run this configuration at all, or null
     * @param configuredEngine {@code sync.engine}: auto, jobs or resident
     * @param here the mode's slots and partitions, and the job-per-step step there (the engine when resident does not run)
     */
    public ResidentPlan plan(Workload w, List<PlanRow> jobRows, String whyNot, String configuredEngine,
                             Here here) {
        String hereEngine = engine(whyNot, configuredEngine, here.partitions() <= here.slots());
        StepCost hereStep = model.here(w, here.partitions());
        double hereEpoch = model.epochSecondsHere(w, hereStep, here.partitions());
        List<ResidentPlan.Row> rows = new ArrayList<>();
        double base = Double.NaN;
        for (PlanRow jr : jobRows) {
            ClusterSpec c = jr.cluster();
            int p = jr.settings().partitions();
            String engine = engine(whyNot, configuredEngine, p <= c.slots());
            StepCost step = model.on(c, w, p);
            double epoch = model.epochSecondsOn(w, step, p);
            ResidentPlan.Option jobs = new ResidentPlan.Option(ResidentPlan.JOBS, jr.choice().settings().partitions(),
                    jr.choice().settings().treeDepth(), jr.choice().step(), jr.choice().epochSeconds());
            ResidentPlan.Option bestResident = bestResident(c, w, p, epoch, step);
            ResidentPlan.Option configured = engine.equals(ResidentPlan.RESIDENT)
                    ? new ResidentPlan.Option(ResidentPlan.RESIDENT, p, 0, step, epoch)
                    : new ResidentPlan.Option(ResidentPlan.JOBS, p, jr.settings().treeDepth(), jr.step(), jr.epochSeconds());
            if (rows.isEmpty()) {
                base = configured.epochSeconds() * c.executors();
            }
            rows.add(new ResidentPlan.Row(c, engine, p, step, epoch, configured,
                    base / (c.executors() * configured.epochSeconds()),
                    bestResident, jobs, fastest(configured, whyNot == null ? bestResident : null, jobs)));
        }
        return new ResidentPlan(model.hereCosts(), model.clusterCosts(), whyNot, configuredEngine, hereEngine,
                here.partitions(), hereStep, hereEpoch, rows);
    }

    /** The measured mode: its task slots and the configured partitions. */
    public record Here(int slots, int partitions) {
    }

    /** What {@code configuredEngine} runs on {@code fits} (partitions within the slots). */
    static String engine(String whyNot, String configuredEngine, boolean fits) {
        return switch (configuredEngine) {
            case "jobs" -> ResidentPlan.JOBS;
            case "resident" -> ResidentPlan.RESIDENT;
            default -> whyNot == null && fits ? ResidentPlan.RESIDENT : ResidentPlan.JOBS;
        };
    }

    /** The fastest resident partition count (powers of two below the slots, and the slots); ties keep the configured. */
    private ResidentPlan.Option bestResident(ClusterSpec c, Workload w, int configured, double configuredEpoch,
                                             StepCost configuredStep) {
        ResidentPlan.Option best = new ResidentPlan.Option(ResidentPlan.RESIDENT, configured, 0, configuredStep,
                configuredEpoch);
        List<Integer> counts = new ArrayList<>();
        for (int p = 1; p < c.slots(); p *= 2) {
            counts.add(p);
        }
        counts.add(c.slots());
        for (int p : counts) {
            StepCost s = model.on(c, w, p);
            double e = model.epochSecondsOn(w, s, p);
            if (e < best.epochSeconds() * (1 - TIE)) {
                best = new ResidentPlan.Option(ResidentPlan.RESIDENT, p, 0, s, e);
            }
        }
        return best;
    }

    /**
     * The fastest of the configured option, the best resident one (null when resident cannot run)
     * and the best job-per-step one, keeping the configured on a tie.
     */
    static ResidentPlan.Fastest fastest(ResidentPlan.Option configured, ResidentPlan.Option resident,
                                        ResidentPlan.Option jobs) {
        ResidentPlan.Option best = configured;
        for (ResidentPlan.Option o : new ResidentPlan.Option[] {resident, jobs}) {
            if (o != null && o.epochSeconds() < best.epochSeconds() * (1 - TIE)) {
                best = o;
            }
        }
        boolean jobsWin = resident != null && best.engine().equals(ResidentPlan.JOBS)
                && jobs.epochSeconds() < resident.epochSeconds();
        return new ResidentPlan.Fastest(best, jobsWin);
    }
}
