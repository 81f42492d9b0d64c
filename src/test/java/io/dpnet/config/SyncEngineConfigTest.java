package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.train.TrainingPlan.StepEngine;
import org.junit.jupiter.api.Test;

/** {@code sync.engine}: its values, its default, and the combinations refused before Spark starts. */
class SyncEngineConfigTest {
    @Test
    void defaultsToAutoAndParsesEveryValue() {
        assertThat(TrainConfig.defaults().plan().engine()).isEqualTo(StepEngine.AUTO);
        assertThat(TrainConfig.defaults().with("sync.engine=jobs").plan().engine()).isEqualTo(StepEngine.JOBS);
        assertThat(TrainConfig.defaults().with("sync.engine=resident").plan().engine())
                .isEqualTo(StepEngine.RESIDENT);
    }

    @Test
    void refusesAnUnknownEngine() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.engine=fast"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.engine must be auto, jobs or resident, got 'fast'");
    }

    @Test
    void refusesResidentWithThePipelineOrLocalSgd() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.engine=resident", "sync.pipeline=true"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.engine=resident runs plain synchronous steps; it cannot be combined with "
                        + "sync.pipeline=true (use sync.engine=jobs or drop sync.pipeline)");
        assertThatThrownBy(() -> TrainConfig.defaults().with("sync.engine=resident", "sync=average",
                "sync.localSteps=4"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sync.engine=resident needs sync=sync, got sync=average");
        // auto simply runs those one job per step (or per round).
        assertThat(TrainConfig.defaults().with("sync.pipeline=true").plan().engine()).isEqualTo(StepEngine.AUTO);
    }
}
