package io.dpnet.spark.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.InputFormatException;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.testing.SyntheticTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DataFrame rows become column-blocked shards in global row order, and every kind of bad value
 * stops the read with the set, the row, the column and what was expected.
 */
class TabularShardsTest {
    private static final SyntheticTable TABLE = new SyntheticTable(30, 5);
    private static final int BAD = 4;

    private static JavaSparkContext sc;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        sc = SparkTestContext.get();
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    @Test
    void shardsHoldConsecutiveRowRangesInRowOrder() throws Exception {
        TabularShards data = TabularShards.fromDataFrame(TABLE.frame(spark, false, 2))
                .columns(SyntheticTable.columns(true)).inputs(SyntheticTable.spec()).classes(3).partitions(3)
                .name("train").build();
        try {
            assertThat(data.count()).isEqualTo(30);
            assertThat(data.partitions()).isEqualTo(3);
            assertThat(data.weighted()).isTrue();
            List<TabularShard> shards = data.shards().collect();
            assertThat(shards).extracting(TabularShard::start).containsExactly(0, 10, 20);
            for (TabularShard s : shards) {
                for (int i = 0; i < s.count(); i++) {
                    int r = s.start() + i;
                    assertThat(Arrays.copyOfRange(s.numeric(), i * 3, i * 3 + 3))
                            .containsExactly(Arrays.copyOfRange(TABLE.numeric, r * 3, r * 3 + 3));
                    assertThat(s.categorical(0)[i]).isEqualTo(TABLE.user[r]);
                    assertThat(s.categorical(1)[i]).isEqualTo(TABLE.city[r]);
                    assertThat(Arrays.copyOfRange(s.bagIds(), s.bagOffsets()[i], s.bagOffsets()[i + 1]))
                            .containsExactly(TABLE.tokens[r]);
                    assertThat(s.targets()[i]).isEqualTo(TABLE.label[r]);
                    assertThat(s.weights()[i]).isEqualTo(TABLE.weight[r]);
                }
            }
            assertThat(data.sizeInBytes()).isEqualTo(shards.stream().mapToLong(TabularShard::sizeInBytes).sum());
        } finally {
            data.release();
        }
    }

    /** The table with one value of row {@link #BAD} replaced (by column name). */
    private static Dataset<Row> withBadValue(String column, Object value, StructType schema) {
        int field = Arrays.asList(schema.fieldNames()).indexOf(column);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < TABLE.rows; r++) {
            Row row = TABLE.row(r, false);
            Object[] v = new Object[row.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = row.get(i);
            }
            if (r == BAD) {
                v[field] = value;
            }
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static TabularShards read(Dataset<Row> df) throws InputFormatException {
        return TabularShards.fromDataFrame(df).columns(SyntheticTable.columns(true)).inputs(SyntheticTable.spec())
                .classes(3).partitions(2).name("bad").build();
    }

    private static void rejects(String column, Object value, String message) {
        assertThatThrownBy(() -> read(withBadValue(column, value, SyntheticTable.schema())))
                .isInstanceOf(InputFormatException.class).hasMessage(message);
    }

    @Test
    void nullAndNaNNumbersAreRejectedWithTheRowAndColumn() {
        rejects("x0", null, "bad: row 4, column 'x0': null or NaN, expected a finite number");
        rejects("x0", Double.NaN, "bad: row 4, column 'x0': null or NaN, expected a finite number");
        rejects("x0", 1e300, "bad: row 4, column 'x0': 1.0E300 is not a finite float32 number");
    }

    @Test
    void categoricalIdsMustBeIntegersInTheVocabulary() {
        rejects("user", 2.5, "bad: row 4, column 'user': 2.5 is not an integer id");
        rejects("user", 40.0, "bad: row 4, column 'user': id 40 is outside the vocabulary [0, 40)");
        rejects("user", -1.0, "bad: row 4, column 'user': id -1 is outside the vocabulary [0, 40)");
        rejects("user", null, "bad: row 4, column 'user': null or NaN, expected an integer id in [0, 40)");
    }

    @Test
    void anIdOutsideAnUnknownIdVocabularyBecomesTheUnknownRow() throws Exception {
        TabularShards data = read(withBadValue("city", 9, SyntheticTable.schema()));
        try {
            List<TabularShard> shards = data.shards().collect();
            assertThat(shards.get(0).categorical(1)[BAD]).isEqualTo(SyntheticTable.CITIES);
            assertThat(shards.get(0).categorical(1)[BAD + 1]).isEqualTo(TABLE.city[BAD + 1]);
        } finally {
            data.release();
        }
    }

    @Test
    void tokensMustBeIntegerIdsInTheVocabularyOrPadding() {
        rejects("tokens", List.of(1, 30), "bad: row 4, column 'tokens', token 1: id 30 is outside the vocabulary "
                + "[0, 25) and is not the padding id 0");
        rejects("tokens", null, "bad: row 4, column 'tokens': the token array is null, expected an array of token ids "
                + "(empty for none)");
        // Tokens as array<double> (integral values pass), with one fractional id in row 4.
        Dataset<Row> doubles = withBadValue("tokens", List.of(3, 99), SyntheticTable.schema())
                .withColumn("tokens", org.apache.spark.sql.functions.expr(
                        "transform(tokens, t -> IF(t = 99, 1.5D, CAST(t AS DOUBLE)))"));
        assertThat(doubles.schema().apply("tokens").dataType().simpleString()).isEqualTo("array<double>");
        assertThatThrownBy(() -> read(doubles))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("bad: row 4, column 'tokens', token 1: 1.5 is not an integer id");
    }

    @Test
    void labelsMustBeClassesAndWeightsNonNegative() {
        rejects("label", 3.0, "bad: row 4, column 'label': label 3 is not an integer class in 0..2");
        rejects("label", 1.5, "bad: row 4, column 'label': label 1.5 is not an integer class in 0..2");
        rejects("label", null, "bad: row 4, column 'label': null or NaN, expected an integer class in 0..2");
        rejects("w", -0.5, "bad: row 4, column 'w': sample weight -0.5, expected a finite number >= 0");
        rejects("w", null, "bad: row 4, column 'w': sample weight null or NaN, expected a finite number >= 0");
    }

    @Test
    void aColumnOfTheWrongTypeOrAMissingColumnIsNamed() {
        assertThatThrownBy(() -> read(TABLE.frame(spark, false, 1).withColumn("user",
                org.apache.spark.sql.functions.lit("7"))))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("bad: categorical column 'user' must hold integer ids (int or long, or float/double with "
                        + "integral values as StringIndexer writes), but its type is string");
        UnaryOperator<Dataset<Row>> dropX1 = df -> df.drop("x1");
        assertThatThrownBy(() -> read(dropX1.apply(TABLE.frame(spark, false, 1))))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("bad: no numeric column 'x1' (columns: x0, x2, user, city, tokens, label, w)");
    }
}
