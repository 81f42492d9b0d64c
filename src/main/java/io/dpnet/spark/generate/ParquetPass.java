package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The Parquet output: the same samples as rows {@code features: array<float>} (pixel / 255, as
 * the IDX reader gives them) and {@code label: int}, one file per task in global order. A second
 * job over the same ranges: deforming again is cheaper than caching gigabytes of samples.
 */
final class ParquetPass {
    private static final long POLL_MILLIS = 500;

    private ParquetPass() {
    }

    static void write(GeneratePlan plan, String path, Mnist8mJob.Progress progress) throws IOException {
        Broadcast<SerializableConfiguration> conf =
                plan.sc().broadcast(new SerializableConfiguration(plan.sc().hadoopConfiguration()));
        LongAccumulator done = plan.sc().sc().longAccumulator("generated rows");
        IdxDataset source = plan.source();
        GenerateRequest request = plan.request();
        int tasks = plan.tasks();
        int count = source.count();
        JavaRDD<Row> rows = plan.taskIds().flatMap(t -> {
            int from = GeneratePlan.start(count, tasks, t);
            int to = GeneratePlan.start(count, tasks, t + 1);
            return new RowIterator(new RangeSamples(conf.value().value(), source, request, from, to - from), done);
        });
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        SparkSession spark = SparkSession.builder().sparkContext(plan.sc().sc()).getOrCreate();
        // The write blocks this thread, so progress is polled from a daemon thread meanwhile.
        long start = System.nanoTime();
        Thread poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(POLL_MILLIS);
                    progress.update("parquet", done.value(), plan.total(), (System.nanoTime() - start) / 1e9);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dpnet-generate-progress");
        poller.setDaemon(true);
        poller.start();
        try {
            spark.createDataFrame(rows, schema).write().parquet(path);
        } finally {
            poller.interrupt();
        }
        progress.update("parquet", plan.total(), plan.total(), (System.nanoTime() - start) / 1e9);
    }

    /** Rows of one range; each row owns a fresh float[] because Spark keeps the rows it is given. */
    private static final class RowIterator implements Iterator<Row> {
        private final RangeSamples samples;
        private final LongAccumulator done;
        private boolean ready;

        RowIterator(RangeSamples samples, LongAccumulator done) {
            this.samples = samples;
            this.done = done;
        }

        @Override
        public boolean hasNext() {
            if (!ready) {
                ready = samples.advance();
            }
            return ready;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            byte[] px = samples.pixels();
            float[] features = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                features[i] = IdxDataset.pixelValue(px[i] & 0xFF);
            }
            done.add(1);
            return RowFactory.create(features, samples.label());
        }
    }
}
