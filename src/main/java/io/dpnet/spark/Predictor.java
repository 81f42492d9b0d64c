package io.dpnet.spark;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.InputFormatException;
import io.dpnet.nn.Losses;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Scores a model over an input, one output row per input row: {@code id}, {@code prediction} (the
 * argmax class) and {@code probability} (the output layer's values: class probabilities for a
 * softmax output).
 *
 * <p>Rows stream through {@code mapPartitions} in chunks of {@link #CHUNK_ROWS}: the weights are
 * broadcast once, each chunk is one batched forward pass in the executor thread's reused
 * workspace, and nothing is collected to the driver — the caller writes the result out.
 */
public final class Predictor {
    /** Rows per forward pass, as in {@link DistributedEvaluator}. */
    static final int CHUNK_ROWS = 256;

    /** Consumes the predictions DataFrame (e.g. writes it) while the weights are broadcast. */
    @FunctionalInterface
    public interface Sink {
        void write(Dataset<Row> predictions) throws IOException;
    }

    private final SparkSession spark;
    private final ModelSpec spec;
    private final float[] params;
    private final String kernel;

    public Predictor(SparkSession spark, ModelSpec spec, float[] params, String kernel) {
        this.spark = spark;
        this.spec = spec;
        this.params = params;
        this.kernel = kernel;
    }

    /**
     * Scores a DataFrame from {@link InputReader} ({@code features}, optional {@code id}; other
     * columns are ignored). Without an id the output's id is the 0-based row number.
     *
     * @return the number of rows scored
     */
    public long predict(Dataset<Row> input, String where, Sink sink) throws IOException {
        boolean hasId = Arrays.asList(input.columns()).contains(InputReader.ID);
        DataType idType = hasId ? input.schema().apply(InputReader.ID).dataType() : DataTypes.LongType;
        JavaRDD<Tuple2<Object, Vector>> rows;
        if (hasId) {
            rows = input.select(InputReader.ID, InputReader.FEATURES).javaRDD()
                    .map(r -> new Tuple2<>(r.get(0), (Vector) r.get(1)));
        } else {
            // zipWithIndex counts each partition first (one extra pass) so row numbers are global.
            rows = input.select(InputReader.FEATURES).javaRDD().zipWithIndex()
                    .map(t -> new Tuple2<>((Object) t._2(), (Vector) t._1().get(0)));
        }
        return run(rows.rdd().toJavaRDD(), idType, hasId, where, sink);
    }

    /** Scores an IDX images file in {@code partitions} contiguous ranges; the id is the item index. */
    public long predictIdx(IdxDataset images, int partitions, Sink sink) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int n = images.count();
        int p = Math.max(1, Math.min(partitions, n));
        List<int[]> ranges = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            int from = (int) ((long) n * i / p);
            ranges.add(new int[] {from, (int) ((long) n * (i + 1) / p) - from});
        }
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        int features = images.features();
        JavaRDD<Tuple2<Object, Vector>> rows = sc.parallelize(ranges, p).flatMap(r -> new IdxRows(images,
                conf.value(), r[0], r[1], features));
        try {
            return run(rows, DataTypes.LongType, false, images.imagesPath(), sink);
        } finally {
            conf.destroy();
        }
    }

    private long run(JavaRDD<Tuple2<Object, Vector>> rows, DataType idType, boolean idIsColumn, String where,
                     Sink sink) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> weights = sc.broadcast(params);
        LongAccumulator count = sc.sc().longAccumulator("predicted rows");
        ModelSpec spec = this.spec;
        String kernel = this.kernel;
        try {
            JavaRDD<Row> out = rows.mapPartitions(it -> new Scoring(it, spec, weights, kernel, count, idIsColumn,
                    where));
            sink.write(spark.createDataFrame(out, schema(idType, spec.outputSize())));
            return count.value();
        } finally {
            weights.destroy();
        }
    }

    static StructType schema(DataType idType, int classes) {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", idType, true),
                DataTypes.createStructField("prediction", DataTypes.IntegerType, false),
                DataTypes.createStructField("probability", DataTypes.createArrayType(DataTypes.FloatType, false),
                        false)));
    }

    /** Pulls up to {@link #CHUNK_ROWS} inputs, runs one forward pass, then yields their output rows. */
    private static final class Scoring implements Iterator<Row> {
        private final Iterator<Tuple2<Object, Vector>> in;
        private final ModelSpec spec;
        private final float[] params;
        private final ExecutorWorkspaces.Slot slot;
        private final Sequential net;
        private final LongAccumulator count;
        private final boolean idIsColumn;
        private final String where;
        private final Object[] ids = new Object[CHUNK_ROWS];
        private final Row[] pending = new Row[CHUNK_ROWS];
        private int next;
        private int ready;

        Scoring(Iterator<Tuple2<Object, Vector>> in, ModelSpec spec, Broadcast<float[]> weights, String kernel,
                LongAccumulator count, boolean idIsColumn, String where) {
            this.in = in;
            this.spec = spec;
            this.params = weights.value();
            this.slot = ExecutorWorkspaces.get(spec, CHUNK_ROWS, kernel);
            this.net = new Sequential(spec);
            this.count = count;
            this.idIsColumn = idIsColumn;
            this.where = where;
        }

        @Override
        public boolean hasNext() {
            if (next < ready) {
                return true;
            }
            int features = spec.inputSize();
            int rows = 0;
            while (rows < CHUNK_ROWS && in.hasNext()) {
                Tuple2<Object, Vector> t = in.next();
                ids[rows] = t._1();
                copy(t._2(), t._1(), slot.x, rows * features, features);
                rows++;
            }
            if (rows == 0) {
                return false;
            }
            int classes = spec.outputSize();
            float[] out = net.forward(params, slot.x, 0, rows, slot.workspace);
            for (int r = 0; r < rows; r++) {
                float[] probability = Arrays.copyOfRange(out, r * classes, (r + 1) * classes);
                pending[r] = RowFactory.create(ids[r], Losses.argmax(out, r * classes, classes), probability);
            }
            count.add(rows);
            next = 0;
            ready = rows;
            return true;
        }

        /** Dense copy of one vector into the chunk (only this chunk is ever dense). */
        private void copy(Vector v, Object id, float[] x, int off, int features) {
            if (v == null || v.size() != features) {
                throw sneaky(new InputFormatException(where + ": " + (idIsColumn ? "the row with id " + id
                        : "row " + id) + ": expected " + features + " features but found "
                        + (v == null ? "null" : Integer.toString(v.size()))));
            }
            if (v instanceof SparseVector s) {
                Arrays.fill(x, off, off + features, 0f);
                int[] idx = s.indices();
                double[] val = s.values();
                for (int i = 0; i < idx.length; i++) {
                    x[off + idx[i]] = (float) val[i];
                }
            } else {
                for (int i = 0; i < features; i++) {
                    x[off + i] = (float) v.apply(i);
                }
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = pending[next];
            pending[next++] = null;
            return r;
        }
    }

    /** One IDX range as (index, dense vector) pairs, read {@code CHUNK_ROWS} images at a time. */
    private static final class IdxRows implements Iterator<Tuple2<Object, Vector>> {
        private final IdxDataset images;
        private final SerializableConfiguration conf;
        private final int end;
        private final int features;
        private final float[] buf;
        private int bufStart;
        private int bufCount;
        private int next;

        IdxRows(IdxDataset images, SerializableConfiguration conf, int from, int n, int features) {
            this.images = images;
            this.conf = conf;
            this.end = from + n;
            this.features = features;
            this.buf = new float[CHUNK_ROWS * features];
            this.next = from;
            this.bufStart = from;
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public Tuple2<Object, Vector> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (next >= bufStart + bufCount) {
                bufStart = next;
                bufCount = Math.min(CHUNK_ROWS, end - next);
                try {
                    // Raw files seek straight to the chunk; gzip ones decompress from the start each time.
                    images.readImages(conf.value(), bufStart, bufCount, buf, 0);
                } catch (IOException e) {
                    throw sneaky(e);
                }
            }
            double[] v = new double[features];
            int off = (next - bufStart) * features;
            for (int i = 0; i < features; i++) {
                v[i] = buf[off + i];
            }
            return new Tuple2<>((long) next++, new org.apache.spark.ml.linalg.DenseVector(v));
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
