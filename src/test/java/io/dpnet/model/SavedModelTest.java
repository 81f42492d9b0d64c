package io.dpnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.nn.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SavedModelTest {
    private final ModelSpec spec = ModelIoTest.tinySpec();

    @Test
    void rejectsParamsOfTheWrongLength() {
        assertThatThrownBy(() -> SavedModel.builder(spec, new float[22]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the spec has 23 parameters but 22 were given");
    }

    @Test
    void rejectsNonFiniteParams() {
        float[] p = new float[23];
        p[4] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> SavedModel.builder(spec, p).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 4 is -Infinity; a model must have finite parameters (did training diverge?)");
    }

    @Test
    void copiesParamsInAndOut() {
        float[] p = new float[23];
        SavedModel m = SavedModel.builder(spec, p).build();
        p[0] = 1f;
        m.params()[1] = 1f;
        assertThat(m.params()).containsOnly(0f);
    }

    @Test
    void normalizesMetricNumbersSoTheyRoundTripThroughJson() {
        Map<String, Object> metrics = Map.of("epochs", 3, "samples", 60000L, "accuracy", 0.97f, "loss", 0.25);
        SavedModel m = SavedModel.builder(spec, new float[23]).metrics(metrics).build();
        assertThat(m.metrics()).containsExactly(
                Map.entry("accuracy", 0.97), Map.entry("epochs", 3L), Map.entry("loss", 0.25),
                Map.entry("samples", 60000L));
    }

    @Test
    void rejectsMetricsJsonCannotHold() {
        assertThatThrownBy(() -> SavedModel.builder(spec, new float[23]).metrics(Map.of("loss", Double.NaN)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric loss is NaN; metrics must be finite");
        assertThatThrownBy(() -> SavedModel.builder(spec, new float[23]).metrics(Map.of("note", "good")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric note must be a number, got String");
    }

    @Test
    void mapsAreSortedSnapshots() {
        Map<String, String> config = new HashMap<>(Map.of("b", "2", "a", "1", "c", "3"));
        SavedModel m = SavedModel.builder(spec, new float[23]).trainingConfig(config).build();
        config.put("d", "4");
        assertThat(m.trainingConfig()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
        assertThatThrownBy(() -> m.trainingConfig().put("e", "5")).isInstanceOf(UnsupportedOperationException.class);
    }
}
