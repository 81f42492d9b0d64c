package io.dpnet.spark.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.TabularConfig;
import io.dpnet.config.TrainConfig;
import io.dpnet.model.TabularInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.dpnet.spark.SparkTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Vocabularies are deterministic (frequency, then value), independent of partitioning; standardization and caps. */
class TabularFitTest {
    @AfterAll
    static void stop() {
        SparkTestContext.stop();
    }

    private static Dataset<Row> frame(int partitions) {
        SparkSession spark = InputReader.session(SparkTestContext.get());
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("city", DataTypes.StringType, true),
                DataTypes.createStructField("shop", DataTypes.IntegerType, true),
                DataTypes.createStructField("x", DataTypes.DoubleType, true),
                DataTypes.createStructField("text", DataTypes.StringType, true),
                DataTypes.createStructField("label", DataTypes.IntegerType, false)));
        String[] cities = {"b", "a", "c", "b", "a", "d", "b", "a", "d", null};
        String[] texts = {"Xin chào, XIN", "chào!", "the", null, "", "", "", "", "", ""};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cities.length; i++) {
            rows.add(RowFactory.create(cities[i], i % 4, (double) i, texts[i], i % 2));
        }
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    private static TabularConfig config(String... extra) {
        List<String> keys = new ArrayList<>(List.of("data.format=parquet", "data.train=t", "data.test=t",
                "data.numericCols=x", "data.categoricalCols=city,shop", "data.tokensCol=text", "layers=auto,2",
                "activations=softmax"));
        keys.addAll(List.of(extra));
        return TrainConfig.of(new Properties(), keys).tabular();
    }

    @Test
    void vocabulariesAreByFrequencyThenValueWhateverThePartitioning() throws Exception {
        TabularInput one = TabularFit.fit(frame(1), config(), 2, "t").input();
        TabularInput three = TabularFit.fit(frame(3), config(), 2, "t").input();
        assertThat(one).isEqualTo(three);
        assertThat(one.vocabulary(0).values()).containsExactly("a", "b", "d", "c");
        assertThat(one.vocabulary(1)).isNull();  // integer ids
        assertThat(one.block().categoricals().get(1).vocabularySize()).isEqualTo(4);  // max id 3, + 1
        assertThat(one.tokenVocabulary().values()).containsExactly("chào", "xin", "the");
        assertThat(one.numeric().get(0).mean()).isEqualTo(4.5);
        assertThat(one.numeric().get(0).scale()).isCloseTo(Math.sqrt(8.25), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aCapKeepsTheMostFrequentValues() throws Exception {
        TabularInput in = TabularFit.fit(frame(2), config("embedding.oov=unknown", "embedding.maxVocabulary=2",
                "tokens.vocabularySize=1"), 2, "t").input();
        assertThat(in.vocabulary(0).values()).containsExactly("a", "b");
        assertThat(in.tokenVocabulary().values()).containsExactly("chào");
        assertThat(in.toString()).isEqualTo("1 numeric | city: 2 ids + unknown 2 × 16 | shop: 4 ids + unknown 4 × 16 "
                + "| text: bag of 1 ids + unknown 1 × 32, mean, padding -1 → 65 inputs");
    }

    @Test
    void aMissingColumnListsTheAvailableOnes() {
        assertThatThrownBy(() -> TabularFit.fit(frame(1).drop("shop"), config(), 2, "data/t.parquet"))
                .hasMessage("data/t.parquet: column 'shop' (categorical, data.categoricalCols) is missing; available: "
                        + "city, x, text, label");
    }
}
