package io.dpnet.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The resident engine's part of the console plan and of its JSON. */
class ResidentTextTest {
    private static final Workload BIG = new Workload(269_322, 65_536, 655_360, 2, 2);

    /** The scenario of {@link ResidentPlannerTest}: jobs win at 64 executors, resident at one. */
    private static PlanReport report(PlanReport.Validation v) {
        CostModel jobs = new CostModel(PlanFixtures.constants(true, 0.1e-3, 1e-10, 4e-3));
        ClusterSpec net = ClusterSpec.of(1, 1, 10, 0.2);
        List<PlanRow> rows = new Planner(jobs).rows(BIG, net, Planner.sizes(64));
        ResidentCosts here = ResidentCostTest.costs(true, 2e-9);
        ResidentCosts rpc = new ResidentCosts(PlanFixtures.m(0.5e-3), PlanFixtures.m(10e-9), "Spark RPC", true, true,
                PlanFixtures.m(30e-3), 2, PlanFixtures.m(0.5e-9));
        ResidentPlan resident = new ResidentPlanner(new ResidentCost(jobs, here, rpc)).plan(BIG, rows, null, "auto",
                new ResidentPlanner.Here(2, 2));
        CostModel.Settings s = new CostModel.Settings(2, 2);
        StepCost step = jobs.here(BIG, s);
        return new PlanReport("conf/big.properties", BIG, jobs.constants(),
                new PlanReport.Here(s, step, BIG.stepsPerEpoch() * step.total()), net, rows, v, resident);
    }

    @Test
    void theConsoleSaysWhichEngineRunsAndWhenJobsWouldBeatIt() {
        PlanReport r = report(null);
        String text = PlanText.format(r);
        assertThat(text).contains("  resident exchange   in memory in the driver JVM: 0.30 ms [0.30-0.30] per step "
                + "+ 2.000 ns [2.000-2.000] per parameter per partition (0.539 ms per partition for 269,322; fitted");
        assertThat(text).contains("    for the table     Spark RPC in the driver JVM: 0.50 ms [0.50-0.50] per step");
        assertThat(text).contains("                     + Spark's Java serialization of the messages 0.50 ms "
                + "[0.50-0.50] per MB (executor JVMs only, skipped in one JVM)");
        assertThat(text).contains("here: sync.engine=auto runs the resident engine (one barrier job per epoch); "
                + "resident on 2 partitions predicted ");
        assertThat(text).contains("what sync.engine=auto runs for N executors x 1 core on 10.0 Gb/s, 0.200 ms latency "
                + "(resident: every task asks the driver once per step; its link carries P x 1,077,288 bytes of "
                + "weights out and P x 2,154,576 bytes of sums in)");
        ResidentPlan.Row last = r.resident().rows().get(6);
        String lastLine = text.lines().filter(l -> l.startsWith("   64    64 resident |")).findFirst().orElseThrow();
        assertThat(lastLine).contains(String.format(Locale.ROOT, "| %8.2f |", last.step().total() * 1e3));
        assertThat(lastLine).contains(String.format(Locale.ROOT, "jobs P=%d d=%d: %.2f s/epoch (set sync.engine=jobs: "
                        + "%.0f%% faster than resident P=%d)", last.jobs().partitions(), last.jobs().treeDepth(),
                last.jobs().epochSeconds(), 100 * (1 - last.jobs().epochSeconds() / last.bestResident().epochSeconds()),
                last.bestResident().partitions()));
        String firstLine = text.lines().filter(l -> l.startsWith("    1     1 resident |")).findFirst().orElseThrow();
        assertThat(firstLine).endsWith(String.format(Locale.ROOT, "resident P=1: %.2f s/epoch",
                r.resident().rows().get(0).epochSeconds()));
        // The job-per-step table stays, after the resident one.
        assertThat(text.indexOf("plan for N executors")).isGreaterThan(text.indexOf("what sync.engine=auto runs"));
    }

    @Test
    void aValidationOfAResidentRunSaysSoAndSplitsItsOwnPrediction() {
        PlanReport r = report(new PlanReport.Validation("runs/x", "epochs 2-3", 0.700, 0.640, 0.690));
        String text = PlanText.format(r);
        double math = r.here().step().math();
        assertThat(text).contains("validation: runs/x (epochs 2-3): measured 700.0 ms per step, predicted 690.0 ms "
                + "(resident), predicted/measured 0.99");
        assertThat(text).contains(String.format(Locale.ROOT, "the rest: measured 60.0 ms, predicted %.1f ms",
                (0.690 - math) * 1e3));
    }

    @Test
    void theJsonCarriesTheEngineTheResidentStepAndTheFastestOption() throws Exception {
        PlanReport r = report(new PlanReport.Validation("runs/x", "epochs 2-3", 0.700, 0.640, 0.690));
        JsonNode j = new ObjectMapper().readTree(PlanJson.write(r));
        JsonNode res = j.get("resident");
        assertThat(res.get("whyNot").isNull()).isTrue();
        assertThat(res.get("hereEngine").asText()).isEqualTo("resident");
        assertThat(res.get("hereCosts").get("transport").asText()).isEqualTo("in memory");
        assertThat(res.get("clusterCosts").get("perPartitionSecondsPerParam").get("value").asDouble()).isEqualTo(10e-9);
        assertThat(res.get("clusterCosts").get("messageSerializeSecondsPerByte").get("value").asDouble())
                .isEqualTo(0.5e-9);
        assertThat(res.get("clusterCosts").get("jobStartPartitions").asInt()).isEqualTo(2);
        assertThat(res.get("here").get("step").get("totalMs").asDouble())
                .isCloseTo(r.resident().hereStep().total() * 1e3, within(1e-9));
        JsonNode rows = res.get("rows");
        assertThat(rows).hasSize(7);
        JsonNode last = rows.get(6);
        assertThat(last.get("engine").asText()).isEqualTo("resident");
        assertThat(last.get("jobsBeatResident").asBoolean()).isTrue();
        assertThat(last.get("fastest").get("engine").asText()).isEqualTo("jobs");
        assertThat(last.get("fastest").has("treeDepth")).isTrue();
        assertThat(last.get("bestResident").has("treeDepth")).isFalse();
        assertThat(rows.get(0).get("efficiency").asDouble()).isEqualTo(1.0);
        assertThat(j.get("validation").get("engine").asText()).isEqualTo("resident");
    }
}
