package io.dpnet.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * One of the data sets {@code scripts/fetch-modeldata.sh} exports (docs/datasets.md): its files, its
 * task and which column plays which role. Categorical and numeric columns are not listed by hand:
 * after Spark's schema inference every string column is categorical and every numeric one numeric,
 * except the label, the text column and the ignored ones — the export writes factors as strings
 * and numbers unquoted, so the inference cannot mistake one for the other.
 *
 * @param name     file prefix: {@code NAME-train.csv}, {@code NAME-test.csv}
 * @param task     what the label is
 * @param labelCol the label (0/1 for a binary set, a number for regression)
 * @param textCol  a free-text column, or null
 * @param ignored  columns no baseline uses
 */
public record TabularSet(String name, Task task, String labelCol, String textCol, Set<String> ignored) {

    /** What the label is, which decides the models and the metrics. */
    public enum Task { BINARY, REGRESSION }

    /** lending_club: 21 loan features (5 categorical, up to 50 levels); 1 = bad loan (5.2%). */
    public static TabularSet lendingClub() {
        return new TabularSet("lending_club", Task.BINARY, "Class", null, Set.of());
    }

    /** ames: 73 house features (40 categorical, up to 29 levels); target log10(sale price). */
    public static TabularSet ames() {
        return new TabularSet("ames", Task.REGRESSION, "Sale_Price_log10", null, Set.of());
    }

    /**
     * small_fine_foods: review text; 1 = score "great" (65%). The product id is ignored: the
     * training reviews are of 10 products and the test reviews of others, so it cannot generalize.
     */
    public static TabularSet fineFoods() {
        return new TabularSet("fine_foods", Task.BINARY, "score", "review", Set.of("product"));
    }

    public static List<TabularSet> all() {
        return List.of(lendingClub(), ames(), fineFoods());
    }

    /** Reads {@code DIR/NAME-PART.csv} (PART = train or test) with the label as double column {@code label}. */
    public Dataset<Row> read(SparkSession spark, String dir, String part) {
        Dataset<Row> df = spark.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .option("escape", "\"") // the export doubles quotes inside quoted fields (RFC 4180)
                .option("mode", "FAILFAST")
                .csv(dir + "/" + name + "-" + part + ".csv");
        return df.withColumn("label", df.col(labelCol).cast(DataTypes.DoubleType));
    }

    /** The string columns of {@code df} that are features. */
    public String[] categoricalCols(Dataset<Row> df) {
        return featureCols(df, true);
    }

    /** The numeric columns of {@code df} that are features. */
    public String[] numericCols(Dataset<Row> df) {
        return featureCols(df, false);
    }

    private String[] featureCols(Dataset<Row> df, boolean categorical) {
        List<String> out = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            String c = f.name();
            if (c.equals(labelCol) || c.equals("label") || c.equals(textCol) || ignored.contains(c)) {
                continue;
            }
            boolean isString = f.dataType().equals(DataTypes.StringType);
            if (!isString && !(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException(name + ": column '" + c + "' has type "
                        + f.dataType().simpleString() + ", expected a string (categorical) or a number");
            }
            if (isString == categorical) {
                out.add(c);
            }
        }
        return out.toArray(String[]::new);
    }
}
