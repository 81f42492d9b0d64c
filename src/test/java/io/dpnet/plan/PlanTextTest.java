package io.dpnet.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The console plan's constants for one job per step: its real steps' math and their correction at the batch. */
class PlanTextTest {
    private final Workload w = PlanFixtures.mnist();

    private static PlanReport report(CostModel model, Workload w, int partitions) {
        ClusterSpec net = ClusterSpec.of(1, 1, 10, 0.2);
        List<PlanRow> rows = new Planner(model).rows(w, net, Planner.sizes(4));
        CostModel.Settings s = new CostModel.Settings(partitions, 2);
        StepCost step = model.here(w, s);
        return new PlanReport("conf/mnist.properties", w, model.constants(),
                new PlanReport.Here(s, step, w.stepsPerEpoch() * step.total()), net, rows, null, null);
    }

    @Test
    void theJobsCorrectionAtTheBatchIsPrintedWithTheStepsItCameFromOnOnePartition() {
        CostConstants c = PlanFixtures.constants();
        // Real steps on 1 partition: 12 ms of math per step (x1.17 the probe's 10.24 ms), 15.5 ms beside it.
        CostConstants withSteps = new CostConstants(c.where(), c.spark(),
                c.compute().withStepMath(new StepMath(Measured.exact(12e-3), 1, 1024), null));
        CostModel anchored = new CostModel(withSteps).anchoredHere(w, new CostModel.Settings(1, 2),
                new Measured(15.5e-3, 14e-3, 18e-3));
        String text = PlanText.format(report(anchored, w, 1));
        double extra = anchored.constants().spark().atBatchExtra().value();
        assertThat(text).contains("  math in real steps  one job per step: 12.00 ms [12.00-12.00] per step at batch "
                + "1,024 on 1 partition (slowest task) = x1.17 the probe's 10.24 ms");
        assertThat(text).contains(String.format(Locale.ROOT, "                      %+.2f ms [%+.2f to %+.2f] "
                        + "per step at batch 1,024 on 1 partition beyond the model's other terms", extra * 1e3,
                anchored.constants().spark().atBatchExtra().low() * 1e3,
                anchored.constants().spark().atBatchExtra().high() * 1e3));
        assertThat(text).contains("here: 1 partition, treeDepth 2: predicted ");
        // The step here is the real steps' 15.5 ms beside the math plus their 12 ms of math.
        assertThat(anchored.here(w, new CostModel.Settings(1, 2)).total() * 1e3)
                .isCloseTo(27.5, within(1e-9));
    }

    @Test
    void withoutRealStepsThereIsNoCorrectionLine() {
        String text = PlanText.format(report(new CostModel(PlanFixtures.constants()), w, 2));
        assertThat(text).doesNotContain("beyond the model's other terms").contains("here: 2 partitions, treeDepth 2");
    }
}
