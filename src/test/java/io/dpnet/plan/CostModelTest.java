package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.constants;
import static io.dpnet.plan.PlanFixtures.m;
import static io.dpnet.plan.PlanFixtures.mnist;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The model's arithmetic on made-up constants: each term does what docs/plan.md says it does. */
class CostModelTest {
    private final CostModel model = new CostModel(constants());
    private final Workload w = mnist();

    @Test
    void hereHasNoNetworkAndNoExecutorDeserializationInLocalMode() {
        StepCost here = model.here(w, new CostModel.Settings(2, 2));
        // fixed a + real-step extra + b·P (2 tasks on 2 slots: one wave); broadcast only the measured per-byte cost.
        assertThat(here.fixed()).isCloseTo(5e-3 + 2e-3 + 2 * 0.5e-3, within(1e-12));
        assertThat(here.broadcast()).isCloseTo(1e-9 * 4 * 269_322, within(1e-12));
        // no level at P=2: once + 2 results at the driver, 8 bytes per parameter.
        assertThat(here.result()).isCloseTo(8 * 269_322 * (2e-10 + 2 * 1e-9), within(1e-12));
        assertThat(here.driver()).isCloseTo(4e-9 * 269_322, within(1e-12));
    }

    @Test
    void theRealStepsOwnCostIsPaidOncePerJobWhateverThePartitions() {
        for (int p : new int[] {1, 2, 8, 64}) {
            for (int depth : new int[] {1, 2}) {
                CostModel.Settings s = new CostModel.Settings(p, depth);
                CostModel without = new CostModel(PlanFixtures.withRealStepExtra(constants(), 0));
                double added = model.here(w, s).fixed() - without.here(w, s).fixed();
                assertThat(added).as("P=%d depth %d", p, depth).isCloseTo(2e-3, within(1e-12));
                assertThat(model.here(w, s).total() - without.here(w, s).total()).isCloseTo(2e-3, within(1e-12));
                ClusterSpec cluster = ClusterSpec.of(p, 1, 10, 0.2);
                assertThat(model.on(cluster, w, s).total() - without.on(cluster, w, s).total())
                        .isCloseTo(2e-3, within(1e-12));
            }
        }
    }

    @Test
    void aNegativeCorrectionLowersTheFixedCost() {
        CostModel.Settings s = new CostModel.Settings(2, 2);
        CostModel lower = new CostModel(PlanFixtures.withRealStepExtra(constants(), -1e-3));
        assertThat(lower.here(w, s).fixed()).isCloseTo(5e-3 - 1e-3 + 2 * 0.5e-3, within(1e-12));
    }

    @Test
    void anchoredAtTheConfiguredBatchTheModelGivesBackTheRealStepsBesideTheirMath() {
        // Real steps at batch 1024 on 2 partitions, depth 2, took 9 ms beside their slowest task's forward/backward
        // (the job, the gather, the results and the driver's update).
        CostModel.Settings s = new CostModel.Settings(2, 2);
        CostModel anchored = model.anchoredHere(w, s, new Measured(9e-3, 7e-3, 12e-3));
        double forwardBackward = constants().compute().math().secondsFor(CostModel.largestShare(1024, 2));
        StepCost step = anchored.here(w, s);
        assertThat(step.total() - forwardBackward).isCloseTo(9e-3, within(1e-12));
        // The extra is the difference from the unanchored prediction beside the math, its spread kept.
        StepCost raw = model.here(w, s);
        double extra = 9e-3 - (raw.total() - forwardBackward);
        assertThat(anchored.constants().spark().atBatchExtra().value()).isCloseTo(extra, within(1e-12));
        assertThat(anchored.constants().spark().atBatchExtra().high()
                - anchored.constants().spark().atBatchExtra().low()).isCloseTo(5e-3, within(1e-12));
        // Paid once per job at every P, here and on a cluster; nothing else changes.
        for (int p : new int[] {1, 8, 64}) {
            CostModel.Settings other = new CostModel.Settings(p, 2);
            assertThat(anchored.here(w, other).fixed() - model.here(w, other).fixed()).isCloseTo(extra, within(1e-12));
            ClusterSpec cluster = ClusterSpec.of(p, 1, 10, 0.2);
            assertThat(anchored.on(cluster, w, other).total() - model.on(cluster, w, other).total())
                    .isCloseTo(extra, within(1e-12));
            assertThat(anchored.on(cluster, w, other).math()).isEqualTo(model.on(cluster, w, other).math());
        }
        // Anchoring twice replaces the correction, it does not add up.
        assertThat(anchored.anchoredHere(w, s, m(9e-3)).constants().spark().atBatchExtra().value())
                .isCloseTo(extra, within(1e-15));
    }

    @Test
    void aNegativeAtBatchCorrectionNeverTakesTheFixedCostBelowZero() {
        CostModel.Settings s = new CostModel.Settings(2, 2);
        StepCost raw = model.here(w, s);
        double forwardBackward = constants().compute().math().secondsFor(CostModel.largestShare(1024, 2));
        double rawBeside = raw.total() - forwardBackward;
        // 3 ms less beside the math than predicted: the fixed cost (8 ms here) drops by 3 ms, the step gives it back.
        CostModel lower = model.anchoredHere(w, s, m(rawBeside - 3e-3));
        assertThat(lower.here(w, s).fixed()).isCloseTo(raw.fixed() - 3e-3, within(1e-12));
        // 20 ms less than predicted is more than the job's fixed cost: it stops at zero, the other terms as they were.
        CostModel far = model.anchoredHere(w, s, m(rawBeside - 20e-3));
        assertThat(far.here(w, s).fixed()).isZero();
        assertThat(far.here(w, s).total()).isCloseTo(raw.total() - raw.fixed(), within(1e-12));
    }

    @Test
    void aNetworkAddsExecutorDeserializationTheWireAndLatencies() {
        CostModel.Settings s = new CostModel.Settings(4, 2);
        StepCost cluster = model.on(ClusterSpec.of(4, 1, 10, 0.2), w, s);
        StepCost hereLike = model.on(ClusterSpec.of(4, 1, 1e9, 0), w, s);
        double bytes = 4.0 * 269_322;
        // One 1.08 MB piece leaves the driver once per executor: 4 x bytes at 1.25 GB/s, plus a latency.
        double wire = 4 * bytes / 1.25e9 + 0.2e-3;
        assertThat(cluster.broadcast() - hereLike.broadcast()).isCloseTo(wire - 4 * bytes / 1.25e17, within(1e-9));
        assertThat(cluster.fixed() - hereLike.fixed()).isCloseTo(2 * 0.2e-3, within(1e-12));
        assertThat(hereLike.broadcast()).isGreaterThan(model.here(w, s).broadcast());  // + executor deserialization
    }

    @Test
    void moreBandwidthNeverMakesAStepSlower() {
        for (int n : new int[] {1, 2, 8, 64}) {
            double previous = Double.POSITIVE_INFINITY;
            for (double gbps : new double[] {1, 10, 25, 100}) {
                double t = model.on(ClusterSpec.of(n, 1, gbps, 0.2), w, new CostModel.Settings(n, 2)).total();
                assertThat(t).as("N=%d at %s Gb/s", n, gbps).isLessThanOrEqualTo(previous);
                previous = t;
            }
        }
    }

    @Test
    void aTreeLevelCostsItsStageAndSavesDriverMerges() {
        // Expensive stage, cheap bytes: at P=16, depth 2 adds a level (16 -> 4) and costs more than depth 1.
        CostModel stageBound = new CostModel(constants(true, 0.5e-3, 1e-12, 50e-3));
        ClusterSpec c = ClusterSpec.of(16, 1, 100, 0);
        double flat = stageBound.on(c, w, new CostModel.Settings(16, 1)).result();
        double tree = stageBound.on(c, w, new CostModel.Settings(16, 2)).result();
        assertThat(tree).isGreaterThan(flat + 40e-3);
        // Cheap stage, expensive merges at the driver: the level pays for itself.
        CostModel mergeBound = new CostModel(constants(true, 0.5e-3, 5e-9, 1e-3));
        assertThat(mergeBound.on(c, w, new CostModel.Settings(16, 2)).result())
                .isLessThan(mergeBound.on(c, w, new CostModel.Settings(16, 1)).result());
    }

    @Test
    void theLargestShareIsTheBatchOnOnePartitionAndShrinksSlowerThanOneOverP() {
        assertThat(CostModel.largestShare(1024, 1)).isEqualTo(1024);
        long previous = 1024;
        for (int p = 2; p <= 64; p *= 2) {
            long share = CostModel.largestShare(1024, p);
            assertThat(share).as("P=%d", p).isGreaterThan(1024 / p).isLessThanOrEqualTo(previous);
            previous = share;
        }
        assertThat(CostModel.largestShare(4, 64)).isLessThanOrEqualTo(4);
    }

    @Test
    void severalBroadcastPiecesSpreadByDoubling() {
        ClusterSpec net = ClusterSpec.of(8, 1, 8, 0);  // 1e9 bytes/s
        double bytes = 4 * CostModel.BROADCAST_PIECE_BYTES;
        // 4 pieces + log2(8) = 3 doublings, one piece time each.
        assertThat(CostModel.broadcastWire(bytes, 8, net)).isCloseTo(7 * CostModel.BROADCAST_PIECE_BYTES / 1e9,
                within(1e-12));
        // One piece: the driver sends it to each of the 8 executors.
        assertThat(CostModel.broadcastWire(1e6, 8, net)).isCloseTo(8e6 / 1e9, within(1e-12));
    }
}
