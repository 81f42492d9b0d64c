package io.dpnet.spark.input;

import io.dpnet.data.InputFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a DataFrame (a vector or numeric-array features column and a numeric label column) into
 * the engine's shards: shard {@code p} holds rows {@code [p·N/P, (p+1)·N/P)} in the DataFrame's
 * own row order, so the global sample index is the row number and training is independent of how
 * the input happened to be split into files and partitions.
 *
 * <p>Rows are converted to compact non-zero lists once, redistributed by index with one shuffle,
 * validated with their row number (label an integer class, vector size, finite values), and stored
 * as CSR or dense floats, whichever is smaller — a sparse dataset is never densified as a whole.
 */
final class DataFrameShards {
    private DataFrameShards() {
    }

    static Built build(Dataset<Row> df, String featuresCol, String labelCol, int classes, int partitions,
                                String name) throws InputFormatException {
        StructType schema = df.schema();
        DataType featuresType = column(schema, featuresCol, name).dataType();
        boolean vectors = featuresType.equals(SQLDataTypes.VectorType());
        if (!vectors && !(featuresType instanceof ArrayType at && at.elementType() instanceof NumericType)) {
            throw new InputFormatException(name + ": features column '" + featuresCol
                    + "' must hold ML vectors (org.apache.spark.ml.linalg.Vector) or numeric arrays, but its type is "
                    + featuresType.simpleString());
        }
        DataType labelType = column(schema, labelCol, name).dataType();
        if (!(labelType instanceof NumericType)) {
            throw new InputFormatException(name + ": label column '" + labelCol + "' must be numeric, but its type is "
                    + labelType.simpleString());
        }
        JavaRDD<SampleRecord> records = df.select(featuresCol, labelCol).javaRDD()
                .map(row -> toRecord(row, vectors));
        // Parsed once: the per-partition counts and the redistribution both read this copy.
        records.persist(StorageLevel.MEMORY_AND_DISK());
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
            records.unpersist(false);
            throw new InputFormatException(name + ": no rows");
        }
        if (n > Integer.MAX_VALUE) {
            records.unpersist(false);
            throw new InputFormatException(name + ": " + n + " rows; at most " + Integer.MAX_VALUE + " are supported");
        }
        int p = (int) Math.max(1, Math.min(partitions, n));
        int features = featureCount(records, name);
        JavaPairRDD<Long, SampleRecord> indexed = withGlobalIndex(records, offsets);
        int total = (int) n;
        JavaRDD<Shard> shards = indexed.repartitionAndSortWithinPartitions(new RangeOfIndex(p, total))
                .mapPartitionsWithIndex((part, it) -> List.of(
                        shard(it, (int) ((long) total * part / p), features, classes, name)).iterator(), true)
                .setName(name);
        return new Built(shards, records, total, features, p);
    }

    /** The shards (not yet cached) and the parsed rows they are built from, to release once they are. */
    record Built(JavaRDD<Shard> shards, JavaRDD<SampleRecord> parsed, int count, int features, int partitions) {
    }

    private static StructField column(StructType schema, String col, String name) throws InputFormatException {
        for (StructField f : schema.fields()) {
            if (f.name().equals(col)) {
                return f;
            }
        }
        throw new InputFormatException(name + ": no column '" + col + "' (columns: "
                + String.join(", ", schema.fieldNames()) + ")");
    }

    /** The vector size of the first row that has one: every other row must match it. */
    private static int featureCount(JavaRDD<SampleRecord> records, String name) throws InputFormatException {
        List<SampleRecord> first = records.filter(r -> r.size >= 0).take(1);
        if (first.isEmpty()) {
            throw new InputFormatException(name + ": every row's features are null");
        }
        return first.get(0).size;
    }

    private static SampleRecord toRecord(Row row, boolean vectors) {
        double label = row.isNullAt(1) ? Double.NaN : ((Number) row.get(1)).doubleValue();
        if (row.isNullAt(0)) {
            return new SampleRecord(label, -1, null, null);
        }
        if (vectors) {
            Vector v = (Vector) row.get(0);
            if (v instanceof SparseVector sv) {
                return new SampleRecord(label, sv.size(), sv.indices().clone(), toFloats(sv.values()));
            }
            return nonZeros(label, v.toArray());
        }
        List<?> values = row.getList(0);
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            Object o = values.get(i);
            d[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return nonZeros(label, d);
    }

    private static SampleRecord nonZeros(double label, double[] d) {
        int nnz = 0;
        for (double x : d) {
            if (x != 0) {
                nnz++;
            }
        }
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        for (int i = 0, k = 0; i < d.length; i++) {
            if (d[i] != 0) {
                idx[k] = i;
                val[k++] = (float) d[i];
            }
        }
        return new SampleRecord(label, d.length, idx, val);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Validates and packs one partition's rows (sorted by global index) into a shard. */
    private static Shard shard(Iterator<Tuple2<Long, SampleRecord>> it, int start, int features, int classes,
                               String name) throws InputFormatException {
        int count = 0;
        int[] labels = new int[1024];
        int[] rowPtr = new int[1025];
        int[] cols = new int[4096];
        float[] vals = new float[4096];
        int nnz = 0;
        while (it.hasNext()) {
            Tuple2<Long, SampleRecord> t = it.next();
            long row = t._1();
            SampleRecord r = t._2();
            if (row != (long) start + count) {
                throw new IllegalStateException(name + ": shard starting at row " + start + " received row " + row
                        + " out of order");
            }
            if (r.size != features) {
                throw new InputFormatException(name + ": row " + row + ": "
                        + (r.size < 0 ? "the features are null" : "the feature vector has " + r.size + " values")
                        + ", expected " + features + " (the size of the first row's vector)");
            }
            labels = grow(labels, count + 1);
            labels[count] = label(r.label, row, classes, name);
            cols = grow(cols, nnz + r.indices.length);
            vals = grow(vals, nnz + r.indices.length);
            for (int k = 0; k < r.indices.length; k++) {
                float v = r.values[k];
                if (!Float.isFinite(v)) {
                    throw new InputFormatException(name + ": row " + row + ": feature " + r.indices[k] + " is " + v
                            + ", expected a finite number");
                }
                cols[nnz] = r.indices[k];
                vals[nnz++] = v;
            }
            count++;
            rowPtr = grow(rowPtr, count + 1);
            rowPtr[count] = nnz;
        }
        labels = Arrays.copyOf(labels, count);
        rowPtr = Arrays.copyOf(rowPtr, count + 1);
        // CSR costs 8 bytes per non-zero; dense 4 per feature. Keep whichever is smaller.
        if (8L * nnz + 4L * (count + 1) >= 4L * count * features) {
            float[] x = new float[count * features];
            Shard csr = Shard.ofSparse(start, count, features, rowPtr, cols, vals, labels);
            csr.copyRows(0, count, x, 0);
            return new Shard(start, count, features, x, labels);
        }
        return Shard.ofSparse(start, count, features, rowPtr, Arrays.copyOf(cols, nnz), Arrays.copyOf(vals, nnz),
                labels);
    }

    private static int label(double v, long row, int classes, String name) throws InputFormatException {
        if (Double.isNaN(v)) {
            throw new InputFormatException(name + ": row " + row + ": the label is null or NaN, expected an integer class in 0.."
                    + (classes - 1));
        }
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw new InputFormatException(name + ": row " + row + ": label " + v + " is not an integer class in 0.."
                    + (classes - 1));
        }
        return (int) v;
    }

    private static int[] grow(int[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }

    private static float[] grow(float[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }

    /** Sends global row {@code i} to the shard whose range {@code [p·n/P, (p+1)·n/P)} holds it. */
    static final class RangeOfIndex extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final int rows;

        RangeOfIndex(int partitions, int rows) {
            this.partitions = partitions;
            this.rows = rows;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            long i = (Long) key;
            // The largest p with floor(p·n/P) ≤ i, matching the shard start offsets above.
            int p = (int) (((i + 1) * partitions - 1) / rows);
            while (p > 0 && (long) rows * p / partitions > i) {
                p--;
            }
            while (p + 1 < partitions && (long) rows * (p + 1) / partitions <= i) {
                p++;
            }
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RangeOfIndex r && r.partitions == partitions && r.rows == rows;
        }

        @Override
        public int hashCode() {
            return 31 * partitions + rows;
        }
    }

    /**
     * Keys every record with its global row number: partition {@code part}'s rows start at
     * {@code offsets[part]} (the row counts of the partitions before it), in the input's order.
     * Shared by the image and the tabular DataFrame paths.
     */
    static <T> JavaPairRDD<Long, T> withGlobalIndex(JavaRDD<T> records, long[] offsets) {
        return records.mapPartitionsWithIndex((part, it) -> {
            long first = offsets[part];
            return new Iterator<Tuple2<Long, T>>() {
                private long next = first;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Tuple2<Long, T> next() {
                    return new Tuple2<>(next++, it.next());
                }
            };
        }, true).mapToPair(t -> t);
    }
}
