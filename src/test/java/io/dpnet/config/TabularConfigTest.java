package io.dpnet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The tabular keys: parsed once into {@link TabularConfig}, bad values stopped with the key named. */
class TabularConfigTest {
    private static final List<String> BASE = List.of("data.format=csv", "data.csv.header=true", "data.train=a.csv",
            "data.test=b.csv", "data.numericCols=x1, x2", "data.categoricalCols=city,shop", "data.labelCol=y",
            "layers=auto,8,2", "activations=relu,softmax");

    private static TrainConfig config(String... extra) {
        List<String> all = new ArrayList<>(BASE);
        all.addAll(List.of(extra));
        return TrainConfig.of(new Properties(), all);
    }

    @Test
    void defaultsAreAClassificationWithErrorOovAndMeanPooling() {
        TabularConfig t = config().tabular();
        assertThat(t.columns().numeric()).containsExactly("x1", "x2");
        assertThat(t.columns().categorical()).containsExactly("city", "shop");
        assertThat(t.columns().label()).isEqualTo("y");
        assertThat(t.regression()).isFalse();
        assertThat(t.autoInputWidth()).isTrue();
        assertThat(t.oov()).isEqualTo(OovPolicy.ERROR);
        assertThat(t.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(t.dim("city")).isEqualTo(16);
        assertThat(t.classWeights().mode()).isEqualTo(TabularConfig.ClassWeights.Mode.NONE);
        assertThat(TrainConfig.defaults().tabular()).isNull();
    }

    @Test
    void regressionHuberDimsAndExplicitWeightsParse() {
        TabularConfig t = config("task=regression", "loss=huber", "loss.huberDelta=0.5", "layers=auto,8,1",
                "activations=relu,linear", "embedding.dims=shop:3", "embedding.vocabularySizes=shop:100",
                "embedding.oov=unknown", "embedding.maxVocabulary=50", "tokens.pooling=sum").tabular();
        assertThat(t.regressionLoss()).isEqualTo(RegressionLoss.huber(0.5f));
        assertThat(t.dim("shop")).isEqualTo(3);
        assertThat(t.dim("city")).isEqualTo(16);
        assertThat(t.vocabularySizes()).isEqualTo(Map.of("shop", 100));
        assertThat(t.maxVocabulary()).isEqualTo(50);
        assertThat(t.pooling()).isEqualTo(Pooling.SUM);
        assertThat(config("classWeights=1,4").tabular().classWeights().explicit()).containsExactly(1f, 4f);
    }

    @Test
    void balancedWeightsAreNOverClassesTimesCount() {
        assertThat(TabularConfig.ClassWeights.balanced(new long[] {75, 25, 0})).containsExactly(100f / 225, 100f / 75,
                0f);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> config("task=ranking")).hasMessage("task must be classification or regression, "
                + "got 'ranking'");
        assertThatThrownBy(() -> config("task=regression", "loss=huber")).hasMessage("task=regression needs one "
                + "linear output: end layers with 1 and activations with linear (got layers=auto,8,2, "
                + "activations=relu,softmax)");
        assertThatThrownBy(() -> config("embedding.maxVocabulary=10")).hasMessage("embedding.maxVocabulary=10 "
                + "leaves rarer values out of the vocabulary: set embedding.oov=unknown so they map to the unknown row");
        assertThatThrownBy(() -> config("embedding.dims=country:4")).hasMessage("embedding.dims names column "
                + "'country', which is not in data.categoricalCols (city, shop)");
        assertThatThrownBy(() -> config("classWeights=1,2,3")).hasMessage("classWeights lists 3 weights but the "
                + "model has 2 classes (or use none or balanced)");
        assertThatThrownBy(() -> config("data.weightCol=x1")).hasMessage("data.*Cols: column 'x1' is used twice: "
                + "as numeric and as weight");
        assertThatThrownBy(() -> config("data.csv.header=false")).hasMessage("tabular csv input names its columns: "
                + "set data.csv.header=true");
        assertThatThrownBy(() -> config("checkpoint.every=1")).hasMessage("checkpoint.every is not supported with "
                + "tabular columns yet (block networks train synchronously, without a validation set, checkpoints "
                + "or dropout)");
    }

    @Test
    void tabularKeysWithoutTabularColumnsAreAMistake() {
        assertThatThrownBy(() -> TrainConfig.defaults().with("embedding.dim=8")).hasMessage("embedding.dim applies "
                + "to tabular inputs only: set data.numericCols, data.categoricalCols or data.tokensCol");
        assertThatThrownBy(() -> TrainConfig.defaults().with("layers=auto,10")).hasMessage("layers: 'auto' as the "
                + "input width needs tabular columns (data.numericCols, data.categoricalCols or data.tokensCol)");
    }
}
