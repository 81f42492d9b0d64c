package io.dpnet.testing;

import io.dpnet.data.TabularColumns;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.TokenBagInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A seeded table with every kind of input a block network takes: three numeric columns, a
 * categorical {@code user} column (doubles, as {@code StringIndexer} writes), a categorical
 * {@code city} column (ints, with an unknown-id row), a bag of {@code tokens} (mean pooled,
 * padding 0, some bags empty, repeated ids), a weight column and a label that depends on all of
 * them: a class in {@code [0, 3)} or a regression target.
 */
public final class SyntheticTable {
    public static final int USERS = 40;
    public static final int CITIES = 6;
    public static final int VOCABULARY = 25;

    public final int rows;
    public final float[] numeric;
    public final int[] user;
    public final int[] city;
    public final int[][] tokens;
    public final float[] weight;
    public final int[] label;
    public final float[] target;

    public SyntheticTable(int rows, long seed) {
        this.rows = rows;
        Random rnd = new Random(seed);
        float[] userEffect = new float[USERS];
        for (int u = 0; u < USERS; u++) {
            userEffect[u] = (float) rnd.nextGaussian();
        }
        float[] tokenEffect = new float[VOCABULARY];
        for (int t = 1; t < VOCABULARY; t++) {
            tokenEffect[t] = (float) rnd.nextGaussian();
        }
        numeric = new float[rows * 3];
        user = new int[rows];
        city = new int[rows];
        tokens = new int[rows][];
        weight = new float[rows];
        label = new int[rows];
        target = new float[rows];
        for (int r = 0; r < rows; r++) {
            numeric[r * 3] = (float) rnd.nextGaussian();
            numeric[r * 3 + 1] = (float) rnd.nextGaussian();
            numeric[r * 3 + 2] = Math.round(2 * rnd.nextGaussian()); // an int column
            user[r] = rnd.nextInt(USERS);
            city[r] = rnd.nextInt(CITIES);
            int len = rnd.nextInt(6); // 0..5 tokens: some bags are empty
            tokens[r] = new int[len];
            float bag = 0;
            for (int k = 0; k < len; k++) {
                tokens[r][k] = rnd.nextInt(VOCABULARY); // 0 is the padding id
                bag += tokenEffect[tokens[r][k]];
            }
            weight[r] = (float) (0.25 + 1.75 * rnd.nextDouble());
            float score = numeric[r * 3] - 0.5f * numeric[r * 3 + 1] + userEffect[user[r]] + 0.3f * city[r] + 0.5f * bag;
            target[r] = score + (float) (0.1 * rnd.nextGaussian());
            label[r] = score < -0.5f ? 0 : score < 0.8f ? 1 : 2;
        }
    }

    /** user: 40 ids × 4 (error), city: 6 ids + unknown × 3, tokens: 25 × 5 mean, padding 0 → 15 inputs. */
    public static InputBlockSpec spec() {
        return new InputBlockSpec(3, List.of(new CategoricalInput("user", USERS, 4, OovPolicy.ERROR),
                new CategoricalInput("city", CITIES, 3, OovPolicy.UNKNOWN_ID)),
                new TokenBagInput("tokens", VOCABULARY, 5, Pooling.MEAN, 0, OovPolicy.ERROR));
    }

    public static TabularColumns columns(boolean weighted) {
        return TabularColumns.label("label").numeric("x0", "x1", "x2").categorical("user", "city").tokens("tokens")
                .weight(weighted ? "w" : null).build();
    }

    public static StructType schema() {
        return new StructType()
                .add("x0", DataTypes.DoubleType).add("x1", DataTypes.FloatType).add("x2", DataTypes.IntegerType)
                .add("user", DataTypes.DoubleType).add("city", DataTypes.IntegerType)
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
    }

    /** As a DataFrame in {@code partitions} input partitions; {@code regression} picks the label. */
    public Dataset<Row> frame(SparkSession spark, boolean regression, int partitions) {
        List<Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Row row = row(r, regression);
            Object[] values = new Object[row.length() + 1];
            values[0] = r;
            for (int i = 0; i < row.length(); i++) {
                values[i + 1] = row.get(i);
            }
            out.add(RowFactory.create(values));
        }
        // Split by row number and kept in order: row r stays global row r whatever the partitioning.
        StructType numbered = new StructType().add("n", DataTypes.IntegerType);
        for (var f : schema().fields()) {
            numbered = numbered.add(f);
        }
        return spark.createDataFrame(out, numbered).repartitionByRange(partitions, functions.col("n"))
                .sortWithinPartitions("n").drop("n");
    }

    /** Row {@code r} as a DataFrame row. */
    public Row row(int r, boolean regression) {
        List<Integer> bag = new ArrayList<>();
        Arrays.stream(tokens[r]).forEach(bag::add);
        return RowFactory.create((double) numeric[r * 3], numeric[r * 3 + 1], (int) numeric[r * 3 + 2],
                (double) user[r], city[r], bag, regression ? (double) target[r] : (double) label[r],
                (double) weight[r]);
    }
}
