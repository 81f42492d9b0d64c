package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.optim.OptimizerSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config table spells the library's defaults, so the two cannot disagree. */
class DefaultsTest {
    @Test
    void optimizerAndScheduleDefaultsComeFromTheirClassesSpelledAsBefore() {
        Map<String, String> d = TrainConfig.defaults().asMap();
        assertThat(d).containsEntry("lr.schedule", "constant").containsEntry("lr.gamma", "0.1")
                .containsEntry("lr.stepEpochs", "5").containsEntry("lr.minRate", "0")
                .containsEntry("lr.warmupEpochs", "0").containsEntry("momentum", "0.9")
                .containsEntry("beta1", "0.9").containsEntry("beta2", "0.999").containsEntry("epsilon", "1e-8");
        OptimizerSpec adam = TrainConfig.defaults().optimizerSpec();
        assertThat(adam.beta2()).isEqualTo(OptimizerSpec.DEFAULT_BETA2);
        assertThat(adam.epsilon()).isEqualTo(OptimizerSpec.DEFAULT_EPSILON);
    }

    @Test
    void spellsIntegersWithoutAFractionAndSmallNumbersInShortExponentForm() {
        assertThat(TrainConfig.spelled(5.0)).isEqualTo("5");
        assertThat(TrainConfig.spelled(1e-8)).isEqualTo("1e-8");
        assertThat(TrainConfig.spelled(2.5e-5)).isEqualTo("2.5e-5");
        assertThat(TrainConfig.spelled(0.001)).isEqualTo("0.001");
    }
}
