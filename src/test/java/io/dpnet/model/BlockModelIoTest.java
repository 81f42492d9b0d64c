package io.dpnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.TokenBagInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.json version 2: a block model's input description, task, tables and vocabularies round-trip. */
class BlockModelIoTest {
    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();

    /** 2 numeric | city (strings, 3 + unknown) × 4 | shop (ids, 5) × 2 | text (3 tokens + unknown) × 3, mean. */
    static TabularInput tabular() {
        InputBlockSpec block = new InputBlockSpec(2,
                List.of(new CategoricalInput("city", 3, 4, OovPolicy.UNKNOWN_ID),
                        new CategoricalInput("shop", 5, 2, OovPolicy.ERROR)),
                new TokenBagInput("text", 3, 3, Pooling.MEAN, -1, OovPolicy.UNKNOWN_ID));
        return new TabularInput(block, List.of(new NumericColumn("x", 1.5, 2), NumericColumn.raw("y")),
                Arrays.asList(Vocabulary.of(List.of("paris", "hà nội", "\"quoted\", comma")), null),
                Vocabulary.of(List.of("xin", "chào", "the")));
    }

    static SavedModel model(ModelTask task) {
        TabularInput in = tabular();
        int outputs = task.isRegression() ? 1 : 3;
        ModelSpec spec = ModelSpec.of(new int[] {in.block().width(), 4, outputs},
                List.of(Activation.RELU, task.isRegression() ? Activation.LINEAR : Activation.SOFTMAX),
                task.isRegression() ? LossKind.MSE : LossKind.CROSS_ENTROPY);
        float[] params = ModelIoTest.params(spec.paramCount());
        return SavedModel.builder(spec, params).metrics(java.util.Map.of("rmse", 0.5))
                .block(in, task, EmbeddingTables.initialize(in.block(), 7)).build();
    }

    @Test
    void regressionBlockModelRoundTripsAsVersion2() throws Exception {
        SavedModel m = model(ModelTask.regression("price", "w", RegressionLoss.huber(0.75f)));
        String dir = tmp.resolve("m").toString();
        ModelIo.save(conf, dir, m, false);

        JsonNode json = new ObjectMapper().readTree(tmp.resolve("m/model.json").toFile());
        assertThat(json.get("formatVersion").intValue()).isEqualTo(2);
        assertThat(json.at("/task/huberDelta").doubleValue()).isEqualTo(0.75);
        assertThat(json.at("/input/categorical/1/vocabulary").isMissingNode()).isTrue();
        assertThat(Files.readString(tmp.resolve("m/vocabulary-0.json")))
                .isEqualTo("[\"paris\",\"hà nội\",\"\\\"quoted\\\", comma\"]");
        assertThat(Files.size(tmp.resolve("m/table-0.bin"))).isEqualTo(4L * 4 * Float.BYTES);

        SavedModel back = ModelIo.load(conf, dir);
        assertThat(back.isBlockModel()).isTrue();
        assertThat(back.tabular()).isEqualTo(m.tabular());
        assertThat(back.task()).isEqualTo(m.task());
        assertThat(back.spec()).isEqualTo(m.spec());
        assertThat(back.params()).containsExactly(m.params());
        for (int t = 0; t < 3; t++) {
            assertThat(back.tables().table(t)).containsExactly(m.tables().table(t));
        }
        assertThat(back.tabular().vocabulary(0).id("hà nội")).isEqualTo(1);
        assertThat(back.tabular().vocabulary(1)).isNull();
        assertThat(back.tabular().toString()).isEqualTo("2 numeric | city: 3 ids + unknown 3 × 4 | shop: 5 ids × 2 "
                + "(oov: error) | text: bag of 3 ids + unknown 3 × 3, mean, padding -1 → 11 inputs");
    }

    @Test
    void classificationWithClassWeightsRoundTrips() throws Exception {
        SavedModel m = model(ModelTask.classification("label", "", new float[] {1f, 2.5f, 0.5f}));
        String dir = tmp.resolve("c").toString();
        ModelIo.save(conf, dir, m, false);
        SavedModel back = ModelIo.load(conf, dir);
        assertThat(back.task().classWeights()).containsExactly(1f, 2.5f, 0.5f);
        assertThat(back.task().toString()).isEqualTo("classification of 'label', class weights [1.0, 2.5, 0.5]");
    }

    @Test
    void plainDenseModelsAreStillWrittenAsVersion1() throws Exception {
        String dir = tmp.resolve("v1").toString();
        ModelIo.save(conf, dir, ModelIoTest.tinyModel(), false);
        assertThat(new ObjectMapper().readTree(tmp.resolve("v1/model.json").toFile()).get("formatVersion").intValue())
                .isEqualTo(1);
        assertThat(ModelIo.load(conf, dir).isBlockModel()).isFalse();
    }

    @Test
    void anEditedVocabularyFailsItsChecksumWithTheFileNamed() throws Exception {
        String dir = tmp.resolve("e").toString();
        ModelIo.save(conf, dir, model(ModelTask.regression("price", "", RegressionLoss.mse())), false);
        Files.writeString(tmp.resolve("e/vocabulary-2.json"), "[\"xin\",\"chao\",\"the\"]", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelIo.load(conf, dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(dir + "/vocabulary-2.json: expected sha256 ")
                .hasMessageContaining("(from model.json) but found ");
    }

    @Test
    void aMissingTableIsNamed() throws Exception {
        String dir = tmp.resolve("t").toString();
        ModelIo.save(conf, dir, model(ModelTask.regression("price", "", RegressionLoss.mse())), false);
        Files.delete(tmp.resolve("t/table-1.bin"));
        assertThatThrownBy(() -> ModelIo.load(conf, dir)).isInstanceOf(ModelFormatException.class)
                .hasMessage(dir + "/table-1.bin: file not found");
    }

    @Test
    void aRegressionModelNeedsALinearOutput() {
        TabularInput in = tabular();
        ModelSpec spec = ModelSpec.of(new int[] {in.block().width(), 2}, List.of(Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        assertThatThrownBy(() -> SavedModel.builder(spec, new float[spec.paramCount()])
                .block(in, ModelTask.regression("y", "", RegressionLoss.mse()), EmbeddingTables.initialize(in.block(), 1))
                .build()).hasMessage("a regression model needs a linear output layer, got softmax");
    }
}
