package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.constants;
import static io.dpnet.plan.PlanFixtures.mnist;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
    private static PlanReport report(PlanReport.Validation validation) {
        CostModel model = new CostModel(constants());
        Workload w = mnist();
        CostModel.Settings s = new CostModel.Settings(2, 2);
        StepCost here = model.here(w, s);
        ClusterSpec net = ClusterSpec.of(1, 2, 10, 0.2);
        List<PlanRow> rows = new Planner(model).rows(w, net, Planner.sizes(8));
        return new PlanReport("conf/mnist.properties", w, model.constants(),
                new PlanReport.Here(s, here, 59 * here.total()), net, rows, validation, null);
    }

    @Test
    void theShapeAScriptReads() throws Exception {
        JsonNode j = new ObjectMapper().readTree(PlanJson.write(report(null)));
        assertThat(j.get("conf").asText()).isEqualTo("conf/mnist.properties");
        assertThat(j.get("workload").get("stepsPerEpoch").asLong()).isEqualTo(59);
        assertThat(j.get("measured").get("master").asText()).isEqualTo("local[2]");
        assertThat(j.get("measured").get("constants").get("jobBaseSeconds").get("value").asDouble()).isEqualTo(5e-3);
        assertThat(j.get("measured").get("constants").get("realStepExtraSeconds").get("value").asDouble())
                .isEqualTo(2e-3);
        assertThat(j.get("measured").get("constants").get("atBatchExtraSeconds").get("value").asDouble())
                .as("not anchored: exactly zero").isZero();
        assertThat(j.get("measured").get("mathSecondsPerSample")).hasSize(2);
        assertThat(j.get("network").get("gbps").asDouble()).isCloseTo(10, within(1e-9));
        assertThat(j.get("network").get("coresPerExecutor").asInt()).isEqualTo(2);
        JsonNode rows = j.get("rows");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("efficiency").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(3).get("executors").asInt()).isEqualTo(8);
        assertThat(rows.get(3).get("partitions").asInt()).isEqualTo(16);
        JsonNode step = rows.get(1).get("step");
        double sum = 0;
        for (String k : List.of("fixedMs", "broadcastMs", "mathMs", "resultMs", "driverMs")) {
            sum += step.get(k).asDouble();
        }
        assertThat(step.get("totalMs").asDouble()).isCloseTo(sum, within(1e-9));
        assertThat(rows.get(1).get("choice").get("sync").asText()).isEqualTo("sync");
        assertThat(rows.get(1).get("choice").get("batchSize").asInt()).isEqualTo(1024);
        assertThat(rows.get(1).has("localSgdOptIn")).isTrue();
        assertThat(j.get("validation").isNull()).isTrue();
    }

    @Test
    void aValidationCarriesBothTimesAndTheirRatio() throws Exception {
        JsonNode v = new ObjectMapper().readTree(PlanJson.write(report(
                new PlanReport.Validation("runs/x", "epochs 2-3", 0.040, 0.012, 0.036)))).get("validation");
        assertThat(v.get("measuredStepMs").asDouble()).isCloseTo(40, within(1e-9));
        assertThat(v.get("predictedStepMs").asDouble()).isCloseTo(36, within(1e-9));
        assertThat(v.get("ratio").asDouble()).isCloseTo(0.9, within(1e-12));
        assertThat(v.get("epochs").asText()).isEqualTo("epochs 2-3");
    }
}
