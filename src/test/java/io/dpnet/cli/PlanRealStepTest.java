package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.TrainConfig;
import io.dpnet.spark.JobCount;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's real one-job-per-step steps at the configured batch: epoch-long blocks, one Spark job per step. */
class PlanRealStepTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    @Test
    void atTheConfiguredBatchEveryBlockIsAnEpochsFullBatchesOneJobEach() throws Exception {
        SyntheticIdx.write(dir, "train", 400, 7, 10, 3);
        // 400 samples, 10% held out for validation: 360 training samples, 9 full batches of 40.
        TrainConfig config = TrainConfig.defaults().with("layers=49,16,10", "activations=relu,softmax",
                "batchSize=40", "validation.fraction=0.1", "treeDepth=2", "seed=3", "data.dir=" + dir);
        JavaSparkContext sc = SparkTestContext.get();
        PlanRealStep.Opened opened = PlanRealStep.open(sc, new Configuration(), config, 2);
        assertThat(opened.whyNot()).isNull();
        try (PlanRealStep step = opened.step(); JobCount jobs = new JobCount(sc)) {
            float[] weights = config.plan().initialParams();
            long t0 = System.nanoTime();
            PlanRealStep.AtBatch at = step.atBatch(2, 3, weights);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            assertThat(at.blockSteps()).isEqualTo(9);
            assertThat(jobs.started()).as("one job per step: 2 untimed, 3 blocks of 9").isEqualTo(2 + 3 * 9);
            assertThat(at.math().batch()).isEqualTo(40);
            assertThat(at.math().partitions()).isEqualTo(2);
            assertThat(at.math().slowestTaskSeconds().value()).isPositive();
            assertThat(at.besideMath().value()).isPositive();
            // The timed steps fit in the call's own time: per step, math and beside it add up to the step.
            double timed = 3 * 9 * (at.math().slowestTaskSeconds().low() + at.besideMath().value());
            assertThat(timed).isLessThan(elapsed);
            assertThat(weights).as("updated in a copy, as training would").isEqualTo(config.plan().initialParams());
            assertThatThrownBy(() -> step.atBatch(0, 1, new float[3]))
                    .hasMessage("the initial weights have 3 parameters, the model 49 -> 16 relu -> 10 softmax "
                            + "[cross_entropy, 970 params] needs 970");
        }
    }
}
