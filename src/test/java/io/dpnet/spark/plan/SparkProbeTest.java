package io.dpnet.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.plan.Measured;
import io.dpnet.plan.SparkCosts;
import io.dpnet.plan.TreeShape;
import io.dpnet.spark.SparkTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The probe's Spark side on local[4]: the tree rule against real stages, and the probe end to end. */
class SparkProbeTest {
    @AfterAll
    static void stop() {
        SparkTestContext.stop();
    }

    @Test
    void treeShapePredictsTheStagesSparkRuns() {
        JavaSparkContext sc = SparkTestContext.get();
        int[][] cases = {{2, 2}, {5, 2}, {6, 2}, {8, 2}, {16, 2}, {16, 1}, {64, 3}};
        for (int[] c : cases) {
            int partitions = c[0];
            int depth = c[1];
            JavaRDD<Integer> rdd = sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions);
            String group = "tree-" + partitions + "-" + depth;
            sc.setJobGroup(group, group, false);
            long sum = rdd.treeAggregate(0L, (a, i) -> a + i, Long::sum, depth);
            sc.clearJobGroup();
            assertThat(sum).isEqualTo((long) partitions * (partitions - 1) / 2);
            List<Integer> stages = new ArrayList<>();
            for (int job : sc.statusTracker().getJobIdsForGroup(group)) {
                for (int stage : sc.statusTracker().getJobInfo(job).stageIds()) {
                    stages.add(stage);
                }
            }
            assertThat(stages).as("P=%d depth %d", partitions, depth)
                    .hasSize(TreeShape.levels(partitions, depth).size() + 1);
        }
    }

    @Test
    void theProbeRunsEveryJobAndDerivesUsableConstants() {
        SparkCosts costs = new SparkProbe(SparkTestContext.get(), 10_000).measure(5, 1, line -> { });
        for (Measured m : List.of(costs.jobPerTask(), costs.jobPerWave(), costs.broadcastPerByte(),
                costs.resultPerByteOnce(), costs.resultPerBytePerResult(), costs.treeLevel(), costs.shufflePerByte())) {
            assertThat(m.value()).isGreaterThanOrEqualTo(0);
            assertThat(m.low()).isLessThanOrEqualTo(m.high());
        }
        assertThat(costs.deserializePerByte().value()).isGreaterThan(0);
        assertThat(costs.realStepExtra()).as("no real step: not measured").isEqualTo(Measured.exact(0));
    }

    @Test
    void aRealStepRunsBackToBackInEveryRoundAndItsReportedMathIsTakenOut() {
        JavaSparkContext sc = SparkTestContext.get();
        JavaRDD<Integer> rdd = sc.parallelize(List.of(1, 2), 2);
        int[] calls = {0};
        // A "step" that is a bare job but claims 1 s of math: the correction must come out near -1 s.
        RealStep step = new RealStep() {
            @Override
            public int partitions() {
                return 2;
            }

            @Override
            public long runReturningMathNanos() {
                calls[0]++;
                rdd.treeAggregate(0L, (a, i) -> a + i, Long::sum, 1);
                return 1_000_000_000L;
            }
        };
        SparkCosts costs = new SparkProbe(sc, 10_000).withRealStep(step).measure(5, 1, line -> { });
        // (1 warm-up + 5 rounds) x a burst; the burst's mean step and mean math: still ~ -1 s per step.
        assertThat(calls[0]).isEqualTo(6 * SparkProbe.REAL_STEP_BURST);
        assertThat(costs.realStepExtra().value()).isBetween(-1.2, -0.8);
    }

    @Test
    void leastSquaresRecoversAnExactPlane() {
        double[][] x = {{1, 1, 0}, {1, 2, 0}, {1, 4, 1}, {1, 8, 3}, {1, 3, 1}};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 5 + 0.5 * x[i][1] + 2 * x[i][2];
        }
        double[] b = LeastSquares.solve(x, y);
        assertThat(b[0]).isCloseTo(5, within(1e-4));
        assertThat(b[1]).isCloseTo(0.5, within(1e-4));
        assertThat(b[2]).isCloseTo(2, within(1e-4));
    }
}
