package io.dpnet.spark.input;

import io.dpnet.data.InputFormatException;
import io.dpnet.data.TabularColumns;
import io.dpnet.nn.embed.InputBlockSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A DataFrame of numeric, id and token-array columns into {@link TabularShards}, the way
 * {@link DataFrameShards} does it for feature vectors: rows are read once (persisted), counted
 * per input partition to give every row its global index, redistributed by index with one
 * shuffle, and validated and packed per target partition ({@link TabularShardBuilder}).
 */
final class TabularDataFrames {
    private TabularDataFrames() {
    }

    static TabularShards shards(Dataset<Row> df, TabularColumns columns, InputBlockSpec spec, int classes,
                                int partitions, String name) throws InputFormatException {
        checkAgainstSpec(columns, spec, name);
        StructType schema = df.schema();
        List<String> selected = new ArrayList<>();
        for (String c : columns.numeric()) {
            requireType(schema, c, name, "numeric", t -> t instanceof NumericType, "a number");
            selected.add(c);
        }
        for (String c : columns.categorical()) {
            requireType(schema, c, name, "categorical", TabularDataFrames::idType,
                    "integer ids (int or long, or float/double with integral values as StringIndexer writes)");
            selected.add(c);
        }
        requireType(schema, columns.label(), name, "label", t -> t instanceof NumericType, "a number");
        selected.add(columns.label());
        if (columns.weighted()) {
            requireType(schema, columns.weight(), name, "weight", t -> t instanceof NumericType, "a number");
            selected.add(columns.weight());
        }
        int scalars = selected.size();
        if (columns.hasTokens()) {
            requireType(schema, columns.tokens(), name, "tokens",
                    t -> t instanceof ArrayType at && idType(at.elementType()),
                    "an array of integer token ids (array<int>, array<long> or array<double> of integral values)");
            selected.add(columns.tokens());
        }
        boolean tokens = columns.hasTokens();
        JavaRDD<TabularRecord> records = df.selectExpr(quoted(selected)).javaRDD()
                .map(row -> record(row, scalars, tokens));
        records.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Long> counts = records.mapPartitions(it -> {
                long c = 0;
                for (; it.hasNext(); it.next()) {
                    c++;
                }
                return List.of(c).iterator();
            }).collect();
            long[] offsets = new long[counts.size() + 1];
            for (int i = 0; i < counts.size(); i++) {
                offsets[i + 1] = offsets[i] + counts.get(i);
            }
            long n = offsets[counts.size()];
            if (n == 0) {
                throw new InputFormatException(name + ": no rows");
            }
            if (n > Integer.MAX_VALUE) {
                throw new InputFormatException(name + ": " + n + " rows; at most " + Integer.MAX_VALUE + " are supported");
            }
            int p = (int) Math.max(1, Math.min(partitions, n));
            int total = (int) n;
            JavaPairRDD<Long, TabularRecord> indexed = DataFrameShards.withGlobalIndex(records, offsets);
            TabularShardBuilder builder = new TabularShardBuilder(columns, spec, classes, name);
            JavaRDD<TabularShard> shards = indexed
                    .repartitionAndSortWithinPartitions(new DataFrameShards.RangeOfIndex(p, total))
                    .mapPartitionsWithIndex((part, it) -> List.of(
                            builder.build(it, (int) ((long) total * part / p))).iterator(), true);
            try {
                return TabularShards.fromShards(shards, spec, name);
            } catch (Exception e) { // Spark's exceptions are checked but undeclared (Scala)
                shards.unpersist(false);
                throw rethrowInputError(e);
            }
        } finally {
            records.unpersist(false);
        }
    }

    private static String[] quoted(List<String> names) {
        return names.stream().map(c -> "`" + c.replace("`", "``") + "`").toArray(String[]::new);
    }

    private static boolean idType(DataType t) {
        return t instanceof IntegralType || t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType);
    }

    /** The column counts and kinds must be those of the input block (columns map to it in order). */
    private static void checkAgainstSpec(TabularColumns columns, InputBlockSpec spec, String name) {
        if (columns.numeric().size() != spec.numericCount()) {
            throw new IllegalArgumentException(name + ": " + columns.numeric().size() + " numeric columns "
                    + columns.numeric() + " for an input block with " + spec.numericCount() + " numeric features");
        }
        if (columns.categorical().size() != spec.categoricals().size()) {
            throw new IllegalArgumentException(name + ": " + columns.categorical().size() + " categorical columns "
                    + columns.categorical() + " for an input block with " + spec.categoricals().size() + " ("
                    + spec + ")");
        }
        if (columns.hasTokens() != spec.hasBag()) {
            throw new IllegalArgumentException(name + ": " + (columns.hasTokens()
                    ? "a tokens column '" + columns.tokens() + "' but the input block has no token bag"
                    : "no tokens column but the input block has a token bag '" + spec.bag().name() + "'"));
        }
    }

    private interface TypeTest {
        boolean accepts(DataType t);
    }

    private static void requireType(StructType schema, String column, String name, String role, TypeTest test,
                                    String expected) throws InputFormatException {
        StructField field = null;
        for (StructField f : schema.fields()) {
            if (f.name().equals(column)) {
                field = f;
            }
        }
        if (field == null) {
            throw new InputFormatException(name + ": no " + role + " column '" + column + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        if (!test.accepts(field.dataType())) {
            throw new InputFormatException(name + ": " + role + " column '" + column + "' must hold " + expected
                    + ", but its type is " + field.dataType().simpleString());
        }
    }

    private static TabularRecord record(Row row, int scalars, boolean tokens) {
        double[] values = new double[scalars];
        for (int i = 0; i < scalars; i++) {
            values[i] = row.isNullAt(i) ? Double.NaN : ((Number) row.get(i)).doubleValue();
        }
        if (!tokens) {
            return new TabularRecord(values, null, false);
        }
        if (row.isNullAt(scalars)) {
            return new TabularRecord(values, null, true);
        }
        List<Object> list = row.getList(scalars);
        double[] ids = new double[list.size()];
        for (int k = 0; k < ids.length; k++) {
            Object o = list.get(k);
            ids[k] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return new TabularRecord(values, ids, false);
    }

    /** A bad row is found inside a task; give the caller the same typed error (as ShardedData does). */
    private static RuntimeException rethrowInputError(Exception e) throws InputFormatException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputFormatException ife) {
                throw new InputFormatException(ife.getMessage(), e);
            }
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
}
