package io.dpnet.plan;

import java.util.List;

/**
 * Predicts one synchronous step from measured constants, either in the mode they were measured in
 * ({@link #here}: whatever that mode's network is, loopback or none, is inside the measured
 * slopes) or on a stated cluster ({@link #on}: the measured CPU costs plus the stated network's
 * transfer times). The terms and their limits are documented in docs/plan.md; in short:
 *
 * <ul>
 *   <li>fixed: {@code a + b·P + w·(waves − 1)} from bare jobs, plus what a real step's job costs
 *       beyond a bare one (calibrated with real steps at a tiny batch), plus what real steps at the
 *       configured batch cost beyond all the terms ({@link #anchoredHere}), plus two latencies on
 *       a network (launch, status);</li>
 *   <li>broadcast: the measured per-byte cost of 4·params bytes; on a network the weights
 *       (under Spark's 4 MiB piece size: one piece) leave the driver once per executor, because
 *       every executor asks for them at the same moment and only the driver has them; several
 *       pieces spread torrent-style, modelled as an ideal pipelined doubling;</li>
 *   <li>math: waves of tasks per slot × (every batch position walked + the largest partition's
 *       rows gathered and run forward/backward). The largest share of a random split of B
 *       samples over P partitions is about {@code B/P + sqrt(2 ln P · B/P)}: more partitions mean
 *       a larger relative excess of the slowest task. The forward/backward is the probe's, times
 *       what real steps at the configured batch measured over it ({@link StepMath});</li>
 *   <li>result: 8·params bytes per partial sum through Spark's treeAggregate levels
 *       ({@link TreeShape}): each level is a shuffle stage (measured fixed cost, shuffle write per
 *       byte, reducers merging their share); what reaches the driver is deserialized and merged
 *       one after another; on a network all of it also crosses the driver's one link;</li>
 *   <li>driver: the update per parameter.</li>
 * </ul>
 * Not modelled: stragglers and GC pauses, other tenants, the shuffle's disk beyond what the bare
 * level measured, executors with several cores competing for memory bandwidth, out-of-core window
 * reads, speculative or failed tasks.
 */
public final class CostModel {
    /** Spark's default {@code spark.broadcast.blockSize}: a broadcast travels in pieces of this size. */
    static final double BROADCAST_PIECE_BYTES = 4 * 1024 * 1024;

    private final CostConstants c;

    public CostModel(CostConstants constants) {
        this.c = constants;
    }

    public CostConstants constants() {
        return c;
    }

    /** How a step is run: partitions (tasks) and treeAggregate depth. Neither changes the result. */
    public record Settings(int partitions, int treeDepth) {
        public Settings {
            if (partitions < 1 || treeDepth < 1) {
                throw new IllegalArgumentException("partitions and treeDepth must be positive, got " + partitions
                        + " and " + treeDepth);
            }
        }
    }

    /** Where the tasks run: slots, executors, and the stated network (null: inside the measured constants). */
    private record Placement(int slots, int executors, ClusterSpec network) {
    }

    /** A step in the mode the constants were measured in, with its slots and executors. */
    public StepCost here(Workload w, Settings s) {
        return step(w, s, new Placement(c.where().slots(), c.where().executors(), null));
    }

    /** A step on {@code cluster}: the measured costs plus its network. */
    public StepCost on(ClusterSpec cluster, Workload w, Settings s) {
        return step(w, s, new Placement(cluster.slots(), cluster.executors(), cluster));
    }

    private StepCost step(Workload w, Settings s, Placement p) {
        SparkCosts sp = c.spark();
        ClusterSpec net = p.network();
        int parts = s.partitions();
        double latency = net == null ? 0 : net.latencySeconds();

        // The real step's own job cost (closure, lineage, per-step RDD) and the correction at the configured
        // batch are one per job, whatever P is. Never below zero: a negative correction larger than the job
        // itself (possible only far from where it was measured) would claim a job costs less than nothing.
        double fixed = Math.max(0, sp.jobBase().value() + sp.realStepExtra().value() + sp.atBatchExtra().value()
                + sp.jobPerTask().value() * parts + sp.jobPerWave().value() * (waves(parts, p.slots()) - 1))
                + 2 * latency;

        double bcast = sp.broadcastPerByte().value() * w.broadcastBytes();
        if (net != null) {
            if (c.where().inProcess()) {
                // In local mode a task reads the driver's own object; executor JVMs deserialize it (in parallel).
                bcast += sp.deserializePerByte().value() * w.broadcastBytes();
            }
            // Executors fetch the weights when a task first reads them: only executors that run a task do.
            bcast += broadcastWire(w.broadcastBytes(), Math.min(p.executors(), parts), net);
        }

        double math = waves(parts, p.slots()) * taskSeconds(w, parts, c.compute().jobsMathFactor());

        double result = 0;
        int current = parts;
        for (int reducers : TreeShape.levels(parts, s.treeDepth())) {
            int share = (current + reducers - 1) / reducers;
            result += sp.treeLevel().value() + 2 * latency
                    + sp.shufflePerByte().value() * w.resultBytes() * waves(current, p.slots())
                    + waves(reducers, p.slots()) * share * sp.resultPerBytePerResult().value() * w.resultBytes();
            if (net != null) {
                result += share * w.resultBytes() / net.bandwidthBytesPerSecond() + latency;
            }
            current = reducers;
        }
        result += w.resultBytes() * (sp.resultPerByteOnce().value() + current * sp.resultPerBytePerResult().value());
        if (net != null) {
            result += current * w.resultBytes() / net.bandwidthBytesPerSecond() + latency;
        }

        double driver = c.compute().driverPerParam().value() * w.params();
        return new StepCost(fixed, bcast, math, result, driver);
    }

    /**
     * This model corrected at the configured batch: {@code besideMath} is what real one-job-per-step
     * steps at {@code s} in the measured mode took beside their slowest task's forward/backward
     * (so with the job, the broadcast, the gather, the results and the driver's update);
     * its difference from this model's prediction of the same becomes
     * {@link SparkCosts#atBatchExtra}, so the model gives those steps back exactly (unless the
     * fixed cost would go below zero). Anchoring twice replaces the correction, it does not add up.
     */
    public CostModel anchoredHere(Workload w, Settings s, Measured besideMath) {
        CostModel raw = new CostModel(withSpark(c.spark().withAtBatchExtra(Measured.exact(0))));
        StepCost step = raw.here(w, s);
        double predicted = step.total() - raw.forwardBackwardSeconds(w, s.partitions(), c.compute().jobsMathFactor());
        return new CostModel(withSpark(c.spark().withAtBatchExtra(besideMath.plus(-predicted))));
    }

    private CostConstants withSpark(SparkCosts spark) {
        return new CostConstants(c.where(), spark, c.compute());
    }

    /**
     * One task: walk every batch position, gather and run the largest partition's rows; the math
     * is the probe's times {@code mathFactor}, what the engine's real steps measured over it.
     */
    double taskSeconds(Workload w, int partitions, double mathFactor) {
        ComputeCosts cc = c.compute();
        long rows = largestShare(w.batchSize(), partitions);
        return w.batchSize() * cc.gatherPerPosition().value() + rows * cc.gatherPerRow().value()
                + forwardBackwardSeconds(w, partitions, mathFactor);
    }

    /** The forward/backward part of {@link #taskSeconds}: the largest share's rows at the probe's rate, times the factor. */
    double forwardBackwardSeconds(Workload w, int partitions, double mathFactor) {
        return mathFactor * c.compute().math().secondsFor(largestShare(w.batchSize(), partitions));
    }

    /**
     * The expected largest partition's share of a batch of {@code batch} samples spread uniformly
     * at random over {@code partitions} partitions: mean B/P plus the usual Gaussian bound on the
     * maximum of P shares, {@code sqrt(2 ln P)} standard deviations; never more than B.
     */
    public static long largestShare(int batch, int partitions) {
        if (partitions == 1) {
            return batch;
        }
        double mean = (double) batch / partitions;
        double sd = Math.sqrt(mean * (1 - 1.0 / partitions));
        return Math.min(batch, (long) Math.ceil(mean + Math.sqrt(2 * Math.log(partitions)) * sd));
    }

    /**
     * Seconds for {@code bytes} of broadcast to reach {@code executors} executors over the network:
     * one piece leaves the driver once per executor; several pieces spread in an ideal pipelined
     * doubling ({@code pieces + ceil(log2 E)} piece times) — an optimistic bound for torrent.
     */
    static double broadcastWire(double bytes, int executors, ClusterSpec net) {
        int pieces = (int) Math.ceil(bytes / BROADCAST_PIECE_BYTES);
        double bw = net.bandwidthBytesPerSecond();
        if (pieces <= 1) {
            return executors * bytes / bw + net.latencySeconds();
        }
        int doublings = ceilLog2(executors);
        return (pieces + doublings) * (bytes / pieces) / bw + (doublings + 1) * net.latencySeconds();
    }

    static int waves(int tasks, int slots) {
        return (tasks + slots - 1) / slots;
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /**
     * A local-SGD round of {@code k} steps (opt-in; not what the planner chooses): one job that
     * ships the parameters and the optimizer state both ways as floats, and runs k local steps per
     * partition. Returns seconds per epoch. A rough estimate: the payload terms scale the measured
     * synchronous ones by the bytes shipped.
     */
    public double localSgdEpochSeconds(ClusterSpec cluster, Workload w, Settings s, int k) {
        StepCost sync = on(cluster, w, s);
        double vectors = 1 + w.optimizerStateVectors();
        double round = sync.fixed() + sync.broadcast() * vectors + k * sync.math()
                + sync.result() * vectors / 2 + sync.driver();
        long rounds = (w.stepsPerEpoch() + k - 1) / k;
        return rounds * round;
    }

    /** All candidate settings for a cluster: powers of two up to its slots, the slots themselves, depths 1–3. */
    static List<Settings> candidates(int slots) {
        List<Settings> out = new java.util.ArrayList<>();
        for (int depth = 1; depth <= 3; depth++) {
            for (int p = 1; p < slots; p *= 2) {
                out.add(new Settings(p, depth));
            }
            out.add(new Settings(slots, depth));
        }
        return out;
    }
}
