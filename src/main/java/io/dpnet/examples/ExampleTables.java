package io.dpnet.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded synthetic tables for the Pipeline examples, with a known rule behind the label, so the
 * examples run from a clean clone and their results can be checked:
 * <ul>
 *   <li>{@link #shop}: string columns {@code city} (40 values, skewed) and {@code device} (4),
 *       numeric {@code x0}, {@code x1}; {@code clicked} = 1 when
 *       {@code cityEffect + deviceEffect + 1.5·x0 − x1 + noise > 0}, and a real target
 *       {@code spend = 3 + 2·x0 − x1 + 2·cityEffect + noise} with 1% gross outliers (+25);</li>
 *   <li>{@link #reviews}: short texts of sentiment words among filler words, {@code label} 1 for
 *       positive.</li>
 * </ul>
 * The per-city and per-device effects are fixed (seed 7), so train and test sets drawn with
 * different seeds follow the same rule.
 */
public final class ExampleTables {
    static final int CITIES = 40;
    static final String[] DEVICES = {"ios", "android", "web", "tv"};
    private static final double[] CITY_EFFECT = effects(CITIES, 1.5, 7);
    private static final double[] DEVICE_EFFECT = {0.8, -0.2, 0.0, -1.0};

    static final String[] POSITIVE = {"great", "excellent", "love", "tasty", "fresh", "perfect", "delicious",
        "amazing", "wonderful", "best", "favorite", "yummy"};
    static final String[] NEGATIVE = {"awful", "stale", "bland", "terrible", "worst", "disappointing", "bad",
        "soggy", "overpriced", "broken", "rancid", "waste"};
    static final String[] FILLER = {"the", "coffee", "tea", "cookie", "box", "order", "price", "taste", "package",
        "flavor", "snack", "and", "was", "it", "very", "this", "my", "kids", "bag", "arrived"};

    private ExampleTables() {
    }

    private static double[] effects(int n, double sd, long seed) {
        Random r = new Random(seed);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = r.nextGaussian() * sd;
        }
        return e;
    }

    /** {@code rows} shop visits: city, device, x0, x1, clicked (0/1), spend. */
    public static Dataset<Row> shop(SparkSession spark, int rows, long seed) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            // Skewed city popularity: low ids are common, as real categorical columns are.
            int city = (int) (CITIES * Math.pow(r.nextDouble(), 2));
            int device = r.nextInt(DEVICES.length);
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            double score = CITY_EFFECT[city] + DEVICE_EFFECT[device] + 1.5 * x0 - x1 + 0.5 * r.nextGaussian();
            double spend = 3 + 2 * x0 - x1 + 2 * CITY_EFFECT[city] + 0.3 * r.nextGaussian()
                    + (r.nextDouble() < 0.01 ? 25 : 0);
            out.add(RowFactory.create(String.format("city-%02d", city), DEVICES[device], x0, x1,
                    score > 0 ? 1.0 : 0.0, spend));
        }
        StructType schema = new StructType().add("city", DataTypes.StringType).add("device", DataTypes.StringType)
                .add("x0", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
                .add("clicked", DataTypes.DoubleType).add("spend", DataTypes.DoubleType);
        return spark.createDataFrame(out, schema);
    }

    /** {@code rows} reviews of 4–14 words: text, label (1 positive, 0 negative). */
    public static Dataset<Row> reviews(SparkSession spark, int rows, long seed) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            boolean positive = r.nextBoolean();
            String[] own = positive ? POSITIVE : NEGATIVE;
            String[] other = positive ? NEGATIVE : POSITIVE;
            int words = 4 + r.nextInt(11);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                double u = r.nextDouble();
                String[] from = u < 0.25 ? own : u < 0.33 ? other : FILLER;
                text.append(w == 0 ? "" : " ").append(from[r.nextInt(from.length)]);
            }
            out.add(RowFactory.create(text.append('.').toString(), positive ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(out, schema);
    }
}
