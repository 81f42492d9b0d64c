package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.Sha256;
import io.dpnet.data.clicklog.BayesCeiling;
import io.dpnet.data.clicklog.ClickLogRows;
import io.dpnet.data.clicklog.ClickLogSpec;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.InputReader;
import io.dpnet.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpnet generate-clicklog} on 20,000 rows (the default vocabularies, 4 parts of 5,000):
 * the same bytes on 2 and 3 partitions, a later range is the same rows as the same range of a
 * longer set, the columns have the stated types and ranges, the rows are the generator's at
 * their global index, and what it prints about the rule's ceiling is what those rows give.
 */
class GenerateClickLogCliTest {
    private static final int ROWS = 20_000;
    private static final int PER_FILE = 5_000;

    @TempDir
    static Path tmp;
    private static CliRun two;
    private static CliRun three;

    @BeforeAll
    static void generateTwice() {
        two = generate("two", "--partitions", "2").echoed();
        three = generate("three", "--partitions", "3").echoed();
    }

    @AfterAll
    static void stopSpark() {
        SparkTestContext.stop();
    }

    private static CliRun generate(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate-clicklog", "--out", tmp.resolve(out).toString(),
                "--rows", String.valueOf(ROWS), "--rows-per-file", String.valueOf(PER_FILE), "--seed", "3",
                "--master", "local[2]"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(name -> !name.contains("/.") && !name.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void sameBytesOnTwoAndThreePartitions() throws IOException {
        assertThat(two.code()).as(two.err()).isZero();
        assertThat(three.code()).as(three.err()).isZero();
        List<String> names = files(tmp.resolve("two"));
        assertThat(names).containsExactly("SHA256SUMS", "clicklog.json", "parquet/part-00000.parquet",
                "parquet/part-00001.parquet", "parquet/part-00002.parquet", "parquet/part-00003.parquet");
        assertThat(files(tmp.resolve("three"))).isEqualTo(names);
        for (String name : names) {
            assertThat(tmp.resolve("three").resolve(name)).as(name).hasSameBinaryContentAs(tmp.resolve("two").resolve(name));
        }
        Configuration conf = new Configuration();
        String fingerprint = Sha256.ofFile(conf, tmp.resolve("two/SHA256SUMS").toString());
        assertThat(two.out()).contains("set fingerprint " + fingerprint)
                .contains(Sha256.ofFile(conf, tmp.resolve("two/parquet/part-00002.parquet").toString())
                        + "  " + tmp.resolve("two") + "/parquet/part-00002.parquet");
        assertThat(three.out()).contains("set fingerprint " + fingerprint);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary directory left")
                    .noneMatch(name -> name.contains(".tmp-"));
        }
    }

    @Test
    void aLaterRangeIsTheSameRowsAsInTheLongerSet() throws IOException {
        CliRun later = CliRun.run("generate-clicklog", "--out", tmp.resolve("later").toString(), "--rows", "5000",
                "--first-row", "10000", "--rows-per-file", "5000", "--seed", "3", "--master", "local[2]");
        assertThat(later.code()).as(later.err()).isZero();
        assertThat(tmp.resolve("later/parquet/part-00000.parquet"))
                .hasSameBinaryContentAs(tmp.resolve("two/parquet/part-00002.parquet"));
    }

    @Test
    void columnsHaveTheStatedTypesRangesAndTheGeneratorsRowsInOrder() {
        ClickLogSpec spec = ClickLogSpec.defaults(3);
        try {
            SparkSession spark = InputReader.session(SparkTestContext.get());
            Dataset<Row> all = spark.read().parquet(tmp.resolve("three/parquet").toString());
            StructType expected = new StructType().add("label", DataTypes.IntegerType, false)
                    .add("user", DataTypes.IntegerType, false).add("item", DataTypes.IntegerType, false)
                    .add("site", DataTypes.IntegerType, false).add("x1", DataTypes.FloatType, false)
                    .add("x2", DataTypes.FloatType, false).add("x3", DataTypes.FloatType, false);
            // Spark reports columns read from files as nullable whatever the file says.
            assertThat(all.schema().fields()).extracting(f -> f.name() + ":" + f.dataType())
                    .containsExactly(java.util.Arrays.stream(expected.fields()).map(f -> f.name() + ":" + f.dataType())
                            .toArray(String[]::new));
            Row range = all.selectExpr("count(*)", "min(label)", "max(label)", "min(user)", "max(user)", "min(item)",
                    "max(item)", "min(site)", "max(site)", "count(distinct user)").first();
            assertThat(range.getLong(0)).isEqualTo(ROWS);
            assertThat(List.of(range.getInt(1), range.getInt(2))).containsExactly(0, 1);
            for (int c = 0; c < 3; c++) {
                assertThat(range.getInt(3 + 2 * c)).as("min id of %s", ClickLogSpec.CATEGORICAL.get(c)).isZero();
                assertThat(range.getInt(4 + 2 * c)).as("max id of %s", ClickLogSpec.CATEGORICAL.get(c))
                        .isLessThan(spec.vocabulary(c));
            }
            // Every row of each part is the generator's row at its global index.
            ClickLogRows rows = new ClickLogRows(spec);
            BayesCeiling ceiling = new BayesCeiling(spec);
            for (int part = 0; part < ROWS / PER_FILE; part++) {
                List<Row> read = spark.read().parquet(tmp.resolve(String.format("three/parquet/part-%05d.parquet", part))
                        .toString()).collectAsList();
                assertThat(read).hasSize(PER_FILE);
                for (int k = 0; k < PER_FILE; k++) {
                    rows.generate((long) part * PER_FILE + k);
                    ceiling.add(rows);
                    Row row = read.get(k);
                    assertThat(List.of(row.getInt(0), row.getInt(1), row.getInt(2), row.getInt(3), row.getFloat(4),
                            row.getFloat(5), row.getFloat(6)))
                            .as("row %d", part * PER_FILE + k)
                            .containsExactly(rows.label(), rows.id(0), rows.id(1), rows.id(2), rows.numeric(0),
                                    rows.numeric(1), rows.numeric(2));
                }
            }
            assertThat(range.getLong(9)).isEqualTo(ceiling.distinctIds(0));
            assertThat(three.out()).contains(String.format(Locale.ROOT,
                    "ceiling (the rule itself on these rows): accuracy %.4f (expected %.4f), AUC %.4f",
                    ceiling.bayesAccuracy(), ceiling.expectedBayesAccuracy(), ceiling.auc()))
                    .contains(String.format(Locale.ROOT, "positive rate %.4f; distinct ids: user %,d of 1,000,000",
                            (double) ceiling.positives() / ROWS, ceiling.distinctIds(0)));
        } finally {
            SparkTestContext.stop();
        }
    }

    @Test
    void refusesAnExistingOutputAndBadSizes() {
        CliRun exists = generate("two", "--partitions", "2");
        assertThat(exists.code()).isEqualTo(2);
        assertThat(exists.err().strip()).isEqualTo("dpnet: error: " + tmp.resolve("two")
                + " already exists (pass --overwrite to replace it)");
        CliRun noRows = CliRun.run("generate-clicklog", "--out", tmp.resolve("x").toString(), "--rows", "0");
        assertThat(noRows.err().strip()).isEqualTo("dpnet: error: --rows must be >= 1, got 0");
        CliRun noUsers = CliRun.run("generate-clicklog", "--out", tmp.resolve("x").toString(), "--users", "0");
        assertThat(noUsers.err().strip()).isEqualTo("dpnet: error: --users must be >= 1, got 0");
        CliRun tooManyFiles = CliRun.run("generate-clicklog", "--out", tmp.resolve("x").toString(), "--rows",
                "200000", "--rows-per-file", "2");
        assertThat(tooManyFiles.err().strip()).isEqualTo("dpnet: error: 200000 rows at --rows-per-file 2 would be "
                + "100000 files; at most 99,999 (raise --rows-per-file)");
    }
}
