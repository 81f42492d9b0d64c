package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.constants;
import static io.dpnet.plan.PlanFixtures.mnist;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentPlannerTest {
    private final CostModel jobs = new CostModel(constants());
    private final Workload w = mnist();
    private final ClusterSpec network = ClusterSpec.of(1, 1, 10, 0.2);
    private final List<PlanRow> jobRows = new Planner(jobs).rows(w, network, Planner.sizes(64));
    private final ResidentPlanner.Here here = new ResidentPlanner.Here(2, 2);

    private ResidentPlan plan(double perParam, String whyNot, String engine) {
        ResidentCosts c = ResidentCostTest.costs(true, perParam);
        return new ResidentPlanner(new ResidentCost(jobs, c, c)).plan(w, jobRows, whyNot, engine, here);
    }

    @Test
    void autoRunsResidentOnEveryRowAndItsEfficiencyIsOfTheResidentEpochs() {
        ResidentPlan p = plan(1e-9, null, "auto");
        assertThat(p.hereEngine()).isEqualTo(ResidentPlan.RESIDENT);
        assertThat(p.rows()).hasSize(7);
        ResidentPlan.Row first = p.rows().get(0);
        assertThat(first.efficiency()).isEqualTo(1.0);
        for (ResidentPlan.Row r : p.rows()) {
            int n = r.cluster().executors();
            assertThat(r.engine()).isEqualTo(ResidentPlan.RESIDENT);
            assertThat(r.partitions()).isEqualTo(n);
            assertThat(r.configured().epochSeconds()).isEqualTo(r.epochSeconds());
            assertThat(r.efficiency()).isCloseTo(first.epochSeconds() / (n * r.epochSeconds()), within(1e-12));
            assertThat(r.fastest().option().epochSeconds()).isLessThanOrEqualTo(r.configured().epochSeconds());
            assertThat(r.bestResident().partitions()).isBetween(1, n);
        }
    }

    @Test
    void jobsIsTheEngineWhereTheResidentOneCannotRunOrWhereItIsConfigured() {
        String why = "sync.pipeline=true keeps Spark jobs in flight instead";
        ResidentPlan off = plan(1e-9, why, "auto");
        assertThat(off.hereEngine()).isEqualTo(ResidentPlan.JOBS);
        for (int i = 0; i < off.rows().size(); i++) {
            ResidentPlan.Row r = off.rows().get(i);
            assertThat(r.engine()).isEqualTo(ResidentPlan.JOBS);
            // The job-per-step row's own figures, and a resident option is never offered.
            assertThat(r.configured().epochSeconds()).isEqualTo(jobRows.get(i).epochSeconds());
            assertThat(r.fastest().option().engine()).isEqualTo(ResidentPlan.JOBS);
            assertThat(r.fastest().jobsBeatResident()).isFalse();
        }
        ResidentPlan configured = plan(1e-9, null, "jobs");
        assertThat(configured.hereEngine()).isEqualTo(ResidentPlan.JOBS);
        assertThat(configured.rows()).allSatisfy(r -> assertThat(r.engine()).isEqualTo(ResidentPlan.JOBS));
        // Resident can run: it is offered as the faster choice when it is.
        assertThat(configured.rows().get(0).fastest().option().engine()).isEqualTo(ResidentPlan.RESIDENT);
    }

    @Test
    void whereTheMathNeedsManyPartitionsTreeAggregateBeatsTheDriversOneByOneSumsAtLargeNOnly() {
        // A batch of 65,536 (655 ms of math on one core), cheap Spark jobs, 10 ns per parameter and partition
        // on the driver: resident's P sums in over one link and merged one by one cap its useful partitions.
        Workload big = new Workload(269_322, 65_536, 655_360, 2, 2);
        CostModel cheapJobs = new CostModel(PlanFixtures.constants(true, 0.1e-3, 1e-10, 4e-3));
        List<PlanRow> rows = new Planner(cheapJobs).rows(big, network, Planner.sizes(64));
        ResidentCosts c = ResidentCostTest.costs(true, 10e-9);
        ResidentPlan p = new ResidentPlanner(new ResidentCost(cheapJobs, c, c)).plan(big, rows, null, "auto", here);
        ResidentPlan.Row one = p.rows().get(0);
        ResidentPlan.Row last = p.rows().get(p.rows().size() - 1);
        assertThat(one.fastest().jobsBeatResident()).isFalse();
        assertThat(one.fastest().option().engine()).isEqualTo(ResidentPlan.RESIDENT);
        assertThat(last.engine()).as("auto still runs resident: the partitions fit").isEqualTo(ResidentPlan.RESIDENT);
        assertThat(last.fastest().jobsBeatResident()).isTrue();
        assertThat(last.fastest().option().engine()).isEqualTo(ResidentPlan.JOBS);
        assertThat(last.fastest().option().partitions()).isGreaterThan(last.bestResident().partitions());
        assertThat(last.fastest().option().epochSeconds()).isLessThan(last.bestResident().epochSeconds());
        // The best resident count trades the driver's per-partition work against the math: not every slot.
        assertThat(last.bestResident().partitions()).isBetween(2, 32);
    }
}
