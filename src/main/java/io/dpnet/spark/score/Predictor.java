package io.dpnet.spark.score;

import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.InputReader;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.InputFormatException;
import io.dpnet.nn.Losses;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import java.io.IOException;
import java.io.Serializable;
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

    /** One partition's input rows, handed out a chunk at a time. */
    private interface Chunks {
        /** Writes up to {@code max} rows' features into {@code x} (row-major) and ids into {@code ids}; returns how many. */
        int fill(float[] x, Object[] ids, int max) throws IOException;
    }

    /** Builds one partition's {@link Chunks} on the executor from that partition's input. */
    private interface ChunkFactory<T> extends Serializable {
        Chunks of(Iterator<T> partition);
    }

    private final SparkSession spark;
    private final JavaSparkContext sc;
    private final ModelSpec spec;
    private final float[] params;
    private final String kernel;

    public Predictor(SparkSession spark, ModelSpec spec, float[] params, String kernel) {
        this.spark = spark;
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.spec = spec;
        this.params = params;
        this.kernel = kernel;
    }

    /**
     * Scores a DataFrame from {@link InputReader} ({@code features}, optional {@code id}; other
     * columns are ignored). Without an id column the output's id is the 0-based row number.
     *
     * @param where the input's path, for messages
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
        int features = spec.inputSize();
        return run(rows, it -> new VectorChunks(it, features, hasId, where), idType, sink);
    }

    /** Scores an IDX images file in {@code partitions} contiguous ranges; the id is the item index. */
    public long predictIdx(IdxDataset images, int partitions, Sink sink) throws IOException {
        int n = images.count();
        int p = Math.max(1, Math.min(partitions, n));
        List<int[]> ranges = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            int from = (int) ((long) n * i / p);
            ranges.add(new int[] {from, (int) ((long) n * (i + 1) / p) - from});
        }
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        try {
            return run(sc.parallelize(ranges, p), it -> new IdxChunks(images, conf.value(), it.next()),
                    DataTypes.LongType, sink);
        } finally {
            conf.unpersist(true); // blocking: see DistributedEvaluator.evaluate
        }
    }

    private <T> long run(JavaRDD<T> input, ChunkFactory<T> chunks, DataType idType, Sink sink) throws IOException {
        Broadcast<float[]> weights = sc.broadcast(params);
        LongAccumulator count = sc.sc().longAccumulator("predicted rows");
        ModelSpec spec = this.spec;
        String kernel = this.kernel;
        try {
            JavaRDD<Row> out = input.mapPartitions(it -> it.hasNext()
                    ? new Scoring(chunks.of(it), spec, weights.value(), kernel, count)
                    : java.util.Collections.emptyIterator());
            sink.write(spark.createDataFrame(out, schema(idType)));
            return count.value();
        } finally {
            weights.unpersist(true); // blocking: see DistributedEvaluator.evaluate
        }
    }

    static StructType schema(DataType idType) {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", idType, true),
                DataTypes.createStructField("prediction", DataTypes.IntegerType, false),
                DataTypes.createStructField("probability", DataTypes.createArrayType(DataTypes.FloatType, false),
                        false)));
    }

    /** Fills a chunk, runs one forward pass over it, then yields its output rows. */
    private static final class Scoring implements Iterator<Row> {
        private final Chunks chunks;
        private final ModelSpec spec;
        private final float[] params;
        private final ExecutorWorkspaces.Slot slot;
        private final Sequential net;
        private final LongAccumulator count;
        private final Object[] ids = new Object[CHUNK_ROWS];
        private final Row[] pending = new Row[CHUNK_ROWS];
        private int next;
        private int ready;

        Scoring(Chunks chunks, ModelSpec spec, float[] params, String kernel, LongAccumulator count) {
            this.chunks = chunks;
            this.spec = spec;
            this.params = params;
            this.slot = ExecutorWorkspaces.get(spec, CHUNK_ROWS, kernel);
            this.net = new Sequential(spec);
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            if (next < ready) {
                return true;
            }
            int rows;
            try {
                rows = chunks.fill(slot.x, ids, CHUNK_ROWS);
            } catch (IOException e) {
                throw sneaky(e);
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

    /** (id, vector) rows; each is densified into the chunk only (never the whole dataset). */
    private static final class VectorChunks implements Chunks {
        private final Iterator<Tuple2<Object, Vector>> rows;
        private final int features;
        private final boolean idIsColumn;
        private final String where;

        VectorChunks(Iterator<Tuple2<Object, Vector>> rows, int features, boolean idIsColumn, String where) {
            this.rows = rows;
            this.features = features;
            this.idIsColumn = idIsColumn;
            this.where = where;
        }

        @Override
        public int fill(float[] x, Object[] ids, int max) throws InputFormatException {
            int n = 0;
            while (n < max && rows.hasNext()) {
                Tuple2<Object, Vector> t = rows.next();
                Vector v = t._2();
                if (v == null || v.size() != features) {
                    throw new InputFormatException(where + ": " + (idIsColumn ? "the row with id " + t._1()
                            : "row " + t._1()) + ": expected " + features + " features but found "
                            + (v == null ? "null" : Integer.toString(v.size())));
                }
                int off = n * features;
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
                ids[n++] = t._1();
            }
            return n;
        }
    }

    /** One contiguous range of an IDX images file, read straight into the chunk. */
    private static final class IdxChunks implements Chunks {
        private final IdxDataset images;
        private final SerializableConfiguration conf;
        private final int end;
        private int next;
        private IdxDataset.ImageReader reader;

        IdxChunks(IdxDataset images, SerializableConfiguration conf, int[] range) {
            this.images = images;
            this.conf = conf;
            this.next = range[0];
            this.end = range[0] + range[1];
        }

        @Override
        public int fill(float[] x, Object[] ids, int max) throws IOException {
            int n = Math.min(max, end - next);
            if (n <= 0) {
                close();
                return 0;
            }
            if (reader == null) {
                // One sequential stream per range (a gzip file is decompressed once, not per chunk),
                // closed at the range's end or, if the task fails first, when the task completes.
                reader = images.imageReader(conf.value(), next);
                org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
                if (task != null) {
                    task.addTaskCompletionListener(ctx -> {
                        try {
                            close();
                        } catch (IOException ignored) {
                            // the stream was only read; nothing to lose
                        }
                    });
                }
            }
            reader.read(n, x, 0);
            for (int i = 0; i < n; i++) {
                ids[i] = (long) next + i;
            }
            next += n;
            return n;
        }

        private void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
