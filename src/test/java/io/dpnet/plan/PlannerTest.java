package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.constants;
import static io.dpnet.plan.PlanFixtures.mnist;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final CostModel model = new CostModel(constants());
    private final Planner planner = new Planner(model);
    private final ClusterSpec network = ClusterSpec.of(1, 1, 10, 0.2);

    @Test
    void sizesArePowersOfTwoUpToTheMaximum() {
        assertThat(Planner.sizes(64)).containsExactly(1, 2, 4, 8, 16, 32, 64);
        assertThat(Planner.sizes(12)).containsExactly(1, 2, 4, 8, 12);
        assertThat(Planner.sizes(1)).containsExactly(1);
    }

    @Test
    void efficiencyIsOneOnOneExecutorAndSpeedupOverNAfter() {
        List<PlanRow> rows = planner.rows(mnist(), network, Planner.sizes(64));
        assertThat(rows).hasSize(7);
        assertThat(rows.get(0).efficiency()).isEqualTo(1.0);
        assertThat(rows.get(0).choice().efficiency()).isEqualTo(1.0);
        for (PlanRow r : rows) {
            int n = r.cluster().executors();
            assertThat(r.efficiency()).isCloseTo(rows.get(0).epochSeconds() / (n * r.epochSeconds()), within(1e-12));
            assertThat(r.samplesPerSecond()).isCloseTo(60_000 / r.epochSeconds(), within(1e-6));
            assertThat(r.epochSeconds()).isCloseTo(59 * r.step().total(), within(1e-12));
            assertThat(r.settings().partitions()).isEqualTo(n);
        }
    }

    @Test
    void theChoiceIsNeverSlowerThanTheConfiguredSettingsAndKeepsTheBatch() {
        for (PlanRow r : planner.rows(mnist(), network, Planner.sizes(64))) {
            assertThat(r.choice().step().total()).isLessThanOrEqualTo(r.step().total());
            assertThat(r.choice().settings().partitions()).isBetween(1, r.cluster().slots());
        }
    }

    @Test
    void localSgdIsOnlyHintedWhenTheStepIsMostlyOverheadAndCarriesTheMeasuredCaveat() {
        Workload w = mnist();
        ClusterSpec c = ClusterSpec.of(16, 1, 100, 0);
        PlanRow row = new Planner(new CostModel(PlanFixtures.overheadBound())).rows(w, c, List.of(16)).get(0);
        int partitions = row.choice().settings().partitions();
        assertThat(partitions).as("the fixture makes more partitions pay").isGreaterThan(1);
        assertThat(row.choice().step().mathShare()).isLessThan(Planner.MATH_SHARE);
        assertThat(row.localSgd()).isNotNull();
        assertThat(row.localSgd().localSteps()).isBetween(2, Planner.MAX_LOCAL_STEPS);
        // LocalSgdRule's boundary: 128 samples per partition, 16 with two synchronous epochs first.
        int perPartition = 1024 / partitions;
        assertThat(row.localSgd().caveat()).isEqualTo(perPartition >= 128
                ? "within the measured safe range (>= 128 samples per partition)"
                : perPartition + " samples per partition: known to lose accuracy unless sync.localAfterEpochs=2");
        assertThat(row.localSgd().epochSeconds()).isLessThan(row.choice().epochSeconds());
        // Math-bound (a huge batch): no hint.
        Workload big = new Workload(269_322, 262_144, 6_000_000, 2, 2);
        PlanRow mathBound = planner.rows(big, ClusterSpec.of(4, 1, 10, 0.2), List.of(4)).get(0);
        assertThat(mathBound.choice().step().mathShare()).isGreaterThanOrEqualTo(Planner.MATH_SHARE);
        assertThat(mathBound.localSgd()).isNull();
    }
}
