package io.dpnet.plan;

import static io.dpnet.plan.PlanFixtures.constants;
import static io.dpnet.plan.PlanFixtures.m;
import static io.dpnet.plan.PlanFixtures.mnist;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The resident step's arithmetic on made-up constants: each term as docs/plan.md states it. */
class ResidentCostTest {
    private static final int N = 269_322;
    private final CostModel jobs = new CostModel(constants());
    private final Workload w = mnist();

    /**
     * 0.3 ms per step, {@code perParam} per parameter and partition, a 20 ms job start measured on 2
     * partitions, 0.5 ns per message byte serialized.
     */
    static ResidentCosts costs(boolean inProcess, double perParam) {
        return new ResidentCosts(m(0.3e-3), m(perParam), inProcess ? "in memory" : "Spark RPC", true, inProcess,
                m(20e-3), 2, m(0.5e-9));
    }

    private final ResidentCost model = new ResidentCost(jobs, costs(true, 0.5e-9), costs(true, 1e-9));

    @Test
    void hereIsTheMeasuredExchangeTheJobModelsMathAndTheDriverUpdateWithoutAnyTransfer() {
        StepCost s = model.here(w, 2);
        assertThat(s.fixed()).isCloseTo(0.3e-3, within(1e-15));
        assertThat(s.broadcast()).isZero();
        assertThat(s.math()).isCloseTo(jobs.taskSeconds(w, 2, 1), within(1e-15));
        assertThat(s.result()).isCloseTo(2 * 0.5e-9 * N, within(1e-15));
        assertThat(s.driver()).isCloseTo(4e-9 * N, within(1e-15));
    }

    @Test
    void anchoredAtTheConfiguredBatchTheModelGivesBackTheRealStepsBesideTheirMath() {
        // Real resident steps at batch 1024 on 2 partitions took 3.1 ms beside their forward/backward.
        ResidentCosts here = model.anchoredHere(w, 2, new Measured(3.1e-3, 2.5e-3, 4.0e-3));
        ResidentCost anchored = new ResidentCost(jobs, here, model.clusterCosts());
        double forwardBackward = constants().compute().math().secondsFor(CostModel.largestShare(1024, 2));
        assertThat(anchored.here(w, 2).total() - forwardBackward).isCloseTo(3.1e-3, within(1e-12));
        // The extra is the difference from the tiny-batch prediction (fixed, in, driver, gather), added per step at every P.
        double predicted = 0.3e-3 + 2 * 0.5e-9 * N + 4e-9 * N + 1024 * 50e-9 + 531 * 200e-9;
        assertThat(here.atBatchExtra().value()).isCloseTo(3.1e-3 - predicted, within(1e-12));
        assertThat(here.atBatchExtra().high() - here.atBatchExtra().low()).isCloseTo(1.5e-3, within(1e-12));
        assertThat(anchored.here(w, 8).fixed()).isCloseTo(0.3e-3 + here.atBatchExtra().value(), within(1e-15));
        // Anchoring twice gives the same correction, not a doubled one; the table's transport is untouched.
        assertThat(anchored.anchoredHere(w, 2, m(3.1e-3)).atBatchExtra().value())
                .isCloseTo(here.atBatchExtra().value(), within(1e-15));
        assertThat(anchored.clusterCosts().atBatchExtra()).isEqualTo(Measured.exact(0));
    }

    @Test
    void eachEngineScalesTheProbesForwardBackwardByWhatItsOwnRealStepsMeasured() {
        CostConstants c = constants();
        MathCost probe = c.compute().math();
        // 10 us per sample; 1024 on 2 partitions: the largest share is 531 rows, 5.31 ms by the probe.
        StepMath jobsSteps = new StepMath(m(2 * 5.31e-3), 2, 1024);
        StepMath residentSteps = new StepMath(m(1.25 * 5.31e-3), 2, 1024);
        CostModel scaled = new CostModel(new CostConstants(c.where(), c.spark(),
                c.compute().withStepMath(jobsSteps, residentSteps)));
        ResidentCost resident = new ResidentCost(scaled, costs(true, 0.5e-9), costs(true, 1e-9));
        double gather = 1024 * 50e-9 + 531 * 200e-9;
        assertThat(probe.secondsFor(531)).isCloseTo(5.31e-3, within(1e-12));
        assertThat(scaled.here(w, new CostModel.Settings(2, 2)).math()).isCloseTo(gather + 2 * 5.31e-3, within(1e-12));
        assertThat(resident.here(w, 2).math()).isCloseTo(gather + 1.25 * 5.31e-3, within(1e-12));
        // On 8 partitions the probe's math for the largest share, scaled by the same factors.
        long share8 = CostModel.largestShare(1024, 8);
        assertThat(resident.here(w, 8).math()).isCloseTo(1024 * 50e-9 + share8 * 200e-9
                + 1.25 * probe.secondsFor(share8), within(1e-12));
        // Not measured: the probe as is.
        assertThat(model.here(w, 2).math()).isCloseTo(gather + 5.31e-3, within(1e-12));
    }

    @Test
    void aNetworkAddsOneRoundTripAndEveryPartitionsWeightsAndSumsOnTheDriversLink() {
        ClusterSpec c = ClusterSpec.of(8, 1, 10, 0.2);
        StepCost s = model.on(c, w, 8);
        double bw = 10e9 / 8;
        assertThat(s.fixed()).isCloseTo(0.3e-3 + 2 * 0.2e-3, within(1e-15));
        assertThat(s.broadcast()).isCloseTo(8 * 4.0 * N / bw, within(1e-15));
        // per partition: the measured driver work, 8n bytes in, and (in-process constants) 12n bytes (de)serialized.
        assertThat(s.result()).isCloseTo(8 * (1e-9 * N + 8.0 * N / bw + 12.0 * N * 0.5e-9), within(1e-12));
        assertThat(s.math()).isCloseTo(jobs.taskSeconds(w, 8, 1), within(1e-15));
    }

    @Test
    void constantsMeasuredBetweenJvmsAddNoSerializationEstimate() {
        ResidentCost between = new ResidentCost(jobs, costs(false, 1e-9), costs(false, 1e-9));
        ClusterSpec c = ClusterSpec.of(4, 1, 10, 0.2);
        double inProcess = model.on(c, w, 4).result();
        assertThat(between.on(c, w, 4).result()).isCloseTo(inProcess - 4 * 12.0 * N * 0.5e-9, within(1e-12));
    }

    @Test
    void theInboundTermGrowsWithThePartitionsWhileTheMathShrinks() {
        ClusterSpec c = ClusterSpec.of(64, 1, 10, 0.2);
        StepCost few = model.on(c, w, 2);
        StepCost many = model.on(c, w, 64);
        assertThat(many.result()).isCloseTo(32 * few.result(), within(1e-12));
        assertThat(many.broadcast()).isCloseTo(32 * few.broadcast(), within(1e-12));
        assertThat(many.math()).isLessThan(few.math());
    }

    @Test
    void anEpochPaysItsStepsAndOneJobStartExtendedByTheBareJobsPerTaskCost() {
        ClusterSpec c = ClusterSpec.of(8, 1, 10, 0.2);
        StepCost s = model.on(c, w, 8);
        // measured on 2 partitions: 6 more tasks at the fixture's 0.5 ms per task.
        assertThat(model.epochSecondsOn(w, s, 8)).isCloseTo(59 * s.total() + 20e-3 + 6 * 0.5e-3, within(1e-12));
        StepCost h = model.here(w, 1);
        assertThat(model.epochSecondsHere(w, h, 1)).isCloseTo(59 * h.total() + 20e-3, within(1e-12));
    }

    @Test
    void moreThanTheSlotsIsRefusedAsTheEngineRefusesIt() {
        assertThatThrownBy(() -> model.on(ClusterSpec.of(2, 1, 10, 0.2), w, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the resident engine runs only when the partitions fit the task slots, got 3 partitions "
                        + "on 2 slots");
    }
}
