package io.dpnet.plan;

/**
 * Predicts one resident step ({@code sync.engine=resident}, what the default {@code auto} runs when
 * the partitions fit the task slots): every task is already running and waits for the driver, so a
 * step has no Spark job, broadcast or task result. It costs
 *
 * <ul>
 *   <li>fixed: the measured per-step exchange ({@link ResidentCosts#stepFixed}) and what real steps at
 *       the configured batch cost beyond it ({@link ResidentCosts#atBatchExtra}); on a network one
 *       round trip (the task's ask with its sum, the reply with the next weights: two latencies);</li>
 *   <li>out: the next weights leaving the driver, one 4n-byte reply per partition over the
 *       driver's one link (network only);</li>
 *   <li>math: the slowest task's gather and forward/backward, as for one job per step (one wave:
 *       the engine runs only when every partition has a slot), with the factor real resident
 *       steps measured over the probe ({@link ComputeCosts#residentMathFactor});</li>
 *   <li>in: the driver's per-partition work, one partition after another (measured, proportional to
 *       n); on a network the 8n-byte exact sums of all P partitions over the driver's link; from
 *       in-process constants, executor JVMs also have Spark serialize the 12n bytes of messages
 *       per partition on the driver, priced at the measured Java serialization rate per byte;</li>
 *   <li>driver: the update per parameter (finite check, mean, optimizer).</li>
 * </ul>
 * The epoch adds one barrier job's start (measured). The five terms are
 * reported in {@link StepCost}'s fields (fixed, broadcast = out, math, result = in, driver).
 */
public final class ResidentCost {
    private final CostModel jobs;
    private final ResidentCosts here;
    private final ResidentCosts cluster;

    /**
     * @param jobs the job-per-step model: its math, gather, driver and bare-job constants are shared
     * @param here the transport of the measured mode (in memory in local mode)
     * @param cluster the transport of a cluster (Spark RPC), for the table
     */
    public ResidentCost(CostModel jobs, ResidentCosts here, ResidentCosts cluster) {
        this.jobs = jobs;
        this.here = here;
        this.cluster = cluster;
    }

    public ResidentCosts hereCosts() {
        return here;
    }

    public ResidentCosts clusterCosts() {
        return cluster;
    }

    /** A resident step on {@code partitions} tasks in the measured mode (its transport, no network term). */
    public StepCost here(Workload w, int partitions) {
        return step(w, partitions, here, null);
    }

    /** A resident step on {@code partitions} tasks of {@code c} (at most its slots), over its network. */
    public StepCost on(ClusterSpec c, Workload w, int partitions) {
        if (partitions > c.slots()) {
            throw new IllegalArgumentException("the resident engine runs only when the partitions fit the task "
                    + "slots, got " + partitions + " partitions on " + c.slots() + " slots");
        }
        return step(w, partitions, cluster, c);
    }

    private StepCost step(Workload w, int partitions, ResidentCosts r, ClusterSpec net) {
        double n = w.params();
        double fixed = r.stepFixed().value() + r.atBatchExtra().value();
        double out = 0;
        double in = r.perPartitionPerParam().value() * n * partitions;
        if (net != null) {
            fixed += 2 * net.latencySeconds();
            out = partitions * w.broadcastBytes() / net.bandwidthBytesPerSecond();
            in += partitions * w.resultBytes() / net.bandwidthBytesPerSecond();
            if (r.inProcess()) {
                in += partitions * (w.broadcastBytes() + w.resultBytes()) * r.messageSerializePerByte().value();
            }
        }
        double math = jobs.taskSeconds(w, partitions, jobs.constants().compute().residentMathFactor());
        double driver = jobs.constants().compute().driverPerParam().value() * n;
        return new StepCost(fixed, out, math, in, driver);
    }

    /**
     * The measured mode's constants corrected at the configured batch: {@code besideMath} is what
     * real resident steps at the configured batch on {@code partitions} partitions took beside their
     * slowest task's forward/backward (so with the gather, the exchange and the driver's update);
     * the difference from this model's prediction of the same becomes
     * {@link ResidentCosts#atBatchExtra}, so the model gives those steps back exactly.
     */
    public ResidentCosts anchoredHere(Workload w, int partitions, Measured besideMath) {
        ResidentCosts raw = here.withAtBatchExtra(Measured.exact(0));
        StepCost s = step(w, partitions, raw, null);
        double forwardBackward = jobs.forwardBackwardSeconds(w, partitions,
                jobs.constants().compute().residentMathFactor());
        return raw.withAtBatchExtra(besideMath.plus(-(s.total() - forwardBackward)));
    }

    /**
     * The barrier job an epoch starts on {@code partitions} tasks: as measured on the measured
     * partitions, plus a bare job's per-task cost for each task beyond them (an extrapolation).
     */
    static double jobStartSeconds(ResidentCosts r, SparkCosts s, int partitions) {
        return r.jobStart().value() + s.jobPerTask().value() * Math.max(0, partitions - r.partitions());
    }

    /** Seconds per epoch in the measured mode: every step plus the epoch's one barrier job. */
    public double epochSecondsHere(Workload w, StepCost step, int partitions) {
        return w.stepsPerEpoch() * step.total() + jobStartSeconds(here, jobs.constants().spark(), partitions);
    }

    /** Seconds per epoch on a cluster: every step plus the epoch's one barrier job. */
    public double epochSecondsOn(Workload w, StepCost step, int partitions) {
        return w.stepsPerEpoch() * step.total() + jobStartSeconds(cluster, jobs.constants().spark(), partitions);
    }
}
