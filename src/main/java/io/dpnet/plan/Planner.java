package io.dpnet.plan;

import io.dpnet.train.LocalSgdRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The plan's table: for each cluster size N (executors × cores on the stated network), the step
 * as configured and the settings the planner would choose.
 *
 * <p>The rule: the batch size and the synchronous algorithm stay as configured — they decide the
 * accuracy (conf/mnist.properties lists what larger batches cost) — so the planner only chooses
 * what provably does not change the weights: the partition count and treeAggregate's depth (the
 * result is independent of both, docs/design.md). It picks the fastest predicted pair, preferring
 * the configured one on a tie. When even that step spends less than {@link #MATH_SHARE} of its
 * time in math, it adds an opt-in local-SGD hint: the smallest power-of-two {@code sync.localSteps}
 * (at most {@link #MAX_LOCAL_STEPS}) whose round spends no more outside the math per step than
 * in it, with {@link LocalSgdRule}'s measured accuracy boundary as its caveat.
 */
public final class Planner {
    /** Below this share of math per step the hint is given. */
    public static final double MATH_SHARE = 0.5;
    /** The largest local-step count measured (docs/local-sgd.md). */
    public static final int MAX_LOCAL_STEPS = 32;
    /** A predicted time within this fraction of the configured settings' counts as a tie. */
    private static final double TIE = 0.01;

    private final CostModel model;

    public Planner(CostModel model) {
        this.model = model;
    }

    /** Cluster sizes 1, 2, 4, ... up to {@code maxExecutors} (and it, if not a power of two). */
    public static List<Integer> sizes(int maxExecutors) {
        List<Integer> out = new ArrayList<>();
        for (int n = 1; n < maxExecutors; n *= 2) {
            out.add(n);
        }
        out.add(maxExecutors);
        return out;
    }

    /** One row per executor count; {@code template}'s executor count is replaced, the rest kept. */
    public List<PlanRow> rows(Workload w, ClusterSpec template, List<Integer> executorCounts) {
        List<PlanRow> rows = new ArrayList<>();
        double base = Double.NaN;
        double baseChoice = Double.NaN;
        for (int n : executorCounts) {
            ClusterSpec cluster = new ClusterSpec(n, template.cores(), template.bandwidthBytesPerSecond(),
                    template.latencySeconds());
            CostModel.Settings configured = new CostModel.Settings(cluster.slots(), w.treeDepth());
            StepCost step = model.on(cluster, w, configured);
            CostModel.Settings best = choose(cluster, w, configured);
            StepCost bestStep = model.on(cluster, w, best);
            double epoch = w.stepsPerEpoch() * step.total();
            double bestEpoch = w.stepsPerEpoch() * bestStep.total();
            if (rows.isEmpty()) {
                base = epoch * n;
                baseChoice = bestEpoch * n;
            }
            rows.add(new PlanRow(cluster, configured, step, epoch, w.samples() / epoch, base / (n * epoch),
                    new PlanRow.Choice(best, bestStep, bestEpoch, baseChoice / (n * bestEpoch)),
                    hint(cluster, w, best, bestStep)));
        }
        return rows;
    }

    CostModel.Settings choose(ClusterSpec cluster, Workload w, CostModel.Settings configured) {
        double configuredTime = model.on(cluster, w, configured).total();
        CostModel.Settings best = CostModel.candidates(cluster.slots()).stream()
                .min(Comparator.comparingDouble(s -> model.on(cluster, w, s).total())).orElseThrow();
        return model.on(cluster, w, best).total() < configuredTime * (1 - TIE) ? best : configured;
    }

    private PlanRow.LocalSgdHint hint(ClusterSpec cluster, Workload w, CostModel.Settings s, StepCost step) {
        if (step.mathShare() >= MATH_SHARE || s.partitions() == 1) {
            return null;
        }
        double outside = step.total() - step.math();
        int k = 2;
        while (k < MAX_LOCAL_STEPS && outside / k > step.math()) {
            k *= 2;
        }
        double perPartition = (double) w.batchSize() / s.partitions();
        String caveat;
        if (perPartition >= LocalSgdRule.MIN_LOCAL_BATCH) {
            caveat = "within the measured safe range (>= " + LocalSgdRule.MIN_LOCAL_BATCH + " samples per partition)";
        } else if (perPartition >= LocalSgdRule.MIN_POST_LOCAL_BATCH) {
            caveat = String.format(Locale.ROOT, "%.0f samples per partition: known to lose accuracy unless "
                    + "sync.localAfterEpochs=%d", perPartition, LocalSgdRule.SAFE_SYNC_EPOCHS);
        } else {
            caveat = String.format(Locale.ROOT, "%.1f samples per partition: below anything measured, not advised",
                    perPartition);
        }
        return new PlanRow.LocalSgdHint(k, model.localSgdEpochSeconds(cluster, w, s, k), caveat);
    }
}
