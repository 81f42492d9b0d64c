package io.dpnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported modeldata CSVs (scripts/fetch-modeldata.sh; .ci/run fetches them) read the way
 * {@link TabularSet} reads them: the documented row counts (the package's own sizes: 9,857 loans,
 * 2,930 houses, 4,000 + 1,000 reviews), the 80/20 splits, the header, the role of every column, and
 * quoted review text (commas, doubled quotes) parsed into one field. Skipped only when the data
 * directory is absent.
 */
class ModeldataCsvTest {
    static final Path DIR = Path.of("data/modeldata");
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isDirectory(DIR),
                DIR + " is absent (scripts/fetch-modeldata.sh makes it; .ci/run does)");
        spark = SparkSession.builder().master("local[2]").appName("modeldata-csv-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String header(String file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(DIR.resolve(file), StandardCharsets.UTF_8)) {
            return r.readLine();
        }
    }

    @Test
    void lendingClubSplitsAllLoansStratifiedWithFiveCategoricalColumns() throws IOException {
        TabularSet set = TabularSet.lendingClub();
        Dataset<Row> train = set.read(spark, DIR.toString(), "train").cache();
        Dataset<Row> test = set.read(spark, DIR.toString(), "test").cache();
        assertThat(train.count() + test.count()).isEqualTo(9857);
        assertThat(test.count()).isEqualTo(517 / 5 + 9340 / 5); // floor(0.2 · n) of each class
        assertThat(test.filter(functions.col("label").equalTo(1.0)).count()).isEqualTo(517 / 5);
        assertThat(train.filter(functions.col("label").equalTo(1.0)).count()).isEqualTo(517 - 517 / 5);
        assertThat(header("lending_club-test.csv")).startsWith("funded_amnt,term,int_rate,sub_grade,").endsWith(",Class");
        assertThat(set.categoricalCols(train))
                .containsExactly("term", "sub_grade", "addr_state", "verification_status", "emp_length");
        assertThat(set.numericCols(train)).hasSize(17);
    }

    @Test
    void amesHasFortyCategoricalColumnsAndTheLogPriceTarget() throws IOException {
        TabularSet set = TabularSet.ames();
        Dataset<Row> train = set.read(spark, DIR.toString(), "train");
        Dataset<Row> test = set.read(spark, DIR.toString(), "test");
        assertThat(train.count()).isEqualTo(2930 - 2930 / 5);
        assertThat(test.count()).isEqualTo(2930 / 5);
        assertThat(header("ames-train.csv")).doesNotContain("Sale_Price,").endsWith(",Latitude,Sale_Price_log10");
        assertThat(set.categoricalCols(train)).hasSize(40).contains("Neighborhood", "MS_SubClass");
        assertThat(set.numericCols(train)).hasSize(33);
        double minLogPrice = train.agg(functions.min("label")).first().getDouble(0);
        assertThat(minLogPrice).as("log10 of the cheapest sale ($12,789)").isBetween(4.0, 4.2);
    }

    @Test
    void fineFoodsReviewsAreOneFieldEachEvenWithCommasAndQuotes() throws IOException {
        TabularSet set = TabularSet.fineFoods();
        Dataset<Row> train = set.read(spark, DIR.toString(), "train").cache();
        assertThat(train.count()).isEqualTo(4000);
        assertThat(set.read(spark, DIR.toString(), "test").count()).isEqualTo(1000);
        assertThat(header("fine_foods-train.csv")).isEqualTo("product,review,score");
        assertThat(train.filter(functions.col("review").contains(",")).count()).isGreaterThan(1000);
        assertThat(train.filter(functions.col("review").contains("\"")).count()).isGreaterThan(100);
        assertThat(train.filter(functions.col("score").isin(0, 1).unary_$bang()).count()).isZero();
        assertThat(set.categoricalCols(train)).isEmpty(); // product is ignored, review is the text column
        assertThat(set.numericCols(train)).isEmpty();
    }

    @Test
    void balancedWeightsGiveEachClassHalfTheTotalAndAreNotAFeature() {
        TabularBaselines.SetData d = TabularBaselines.SetData.read(spark, TabularSet.lendingClub(), DIR.toString());
        assertThat(d.numeric()).doesNotContain("weight", "label", "Class").hasSize(17);
        Row[] sums = (Row[]) d.train().groupBy("label").agg(functions.sum("weight"), functions.count("*"))
                .orderBy("label").collect();
        assertThat(sums).hasSize(2);
        double half = d.trainRows() / 2.0;
        assertThat(sums[0].getDouble(1)).isCloseTo(half, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sums[1].getDouble(1)).isCloseTo(half, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sums[1].getLong(2)).isEqualTo(517 - 517 / 5);
        d.train().unpersist();
        d.test().unpersist();
    }
}
