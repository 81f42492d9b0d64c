package io.dpnet.spark.input;

import io.dpnet.data.BlockLayout;
import io.dpnet.data.BlockWindowOrder;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IndexOrder;
import io.dpnet.data.TrainValidationSplit;
import io.dpnet.data.InputFormatException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A labelled dataset as a cached RDD of {@link Shard}s: partition {@code p} holds the contiguous
 * global index range {@code [p·N/P, (p+1)·N/P)}.
 *
 * <p>From IDX files ({@link #load}) each executor reads its own byte range through Hadoop's
 * FileSystem, so the driver never touches the samples and loading scales with the cluster; from a
 * DataFrame ({@link #fromDataFrame}) the rows are redistributed by row number with one shuffle.
 */
public final class ShardedData {
    private final JavaRDD<Shard> shards;
    private final long count;
    private final int features;
    private final int partitions;
    /** The Hadoop configuration IDX shards are (re)read with (see {@link #load}); null for DataFrames. */
    private final Broadcast<SerializableConfiguration> hadoopConf;
    /** Bytes of sample data the cached shards hold (see {@link Shard#sizeInBytes}). */
    private final long sizeInBytes;
    /** Out of core: the blocks and the window of the two-level order; null when cached in memory. */
    private final BlockedShards blocked;
    private final int window;

    private ShardedData(JavaRDD<Shard> shards, long count, int features, int partitions,
                        Broadcast<SerializableConfiguration> hadoopConf, long sizeInBytes) {
        this(shards, count, features, partitions, hadoopConf, sizeInBytes, null, 0);
    }

    private ShardedData(JavaRDD<Shard> shards, long count, int features, int partitions,
                        Broadcast<SerializableConfiguration> hadoopConf, long sizeInBytes, BlockedShards blocked,
                        int window) {
        this.blocked = blocked;
        this.window = window;
        this.shards = shards;
        this.sizeInBytes = sizeInBytes;
        this.hadoopConf = hadoopConf;
        this.count = count;
        this.features = features;
        this.partitions = partitions;
    }

    /**
     * {@code data} out of core: fixed-size blocks of {@code blockSize} samples, read from the files
     * a window of {@code window} blocks at a time while training ({@link BlockedShards}); nothing is
     * read here. Train it with {@link #epochOrder}'s two-level order.
     */
    public static ShardedData loadBlocks(JavaSparkContext sc, IdxDataset data, int blockSize, int window,
                                         int partitions, String name) {
        Broadcast<SerializableConfiguration> hadoopConf =
                sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        BlockedShards blocks = BlockedShards.open(sc, data, blockSize, partitions, name, hadoopConf);
        return new ShardedData(null, data.count(), data.features(), blocks.partitions(), hadoopConf,
                (long) data.count() * (data.features() + 1), blocks, window);
    }

    /** Reads {@code data} into {@code partitions} cached shards and materializes them. */
    public static ShardedData load(JavaSparkContext sc, IdxDataset data, int partitions, String name) {
        int n = data.count();
        int p = Math.max(1, Math.min(partitions, n));
        List<int[]> ranges = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            int from = (int) ((long) n * i / p);
            int to = (int) ((long) n * (i + 1) / p);
            ranges.add(new int[] {from, to - from});
        }
        // Broadcast, not captured: every task of every job on these shards (each training step)
        // ships the RDD's lineage, and a captured Hadoop configuration made it ~165 kB that each
        // task Java-deserialized again (~3 ms of CPU per task). A broadcast handle is a few bytes,
        // and it stays readable for as long as Spark may need to recompute a lost shard.
        Broadcast<SerializableConfiguration> hadoopConf =
                sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        int features = data.features();
        JavaRDD<Shard> rdd = sc.parallelize(ranges, p)
                .map(r -> readShard(data, hadoopConf.value().value(), r[0], r[1], features))
                .setName(name);
        long[] loaded = cacheAndCount(rdd);
        if (loaded[0] != n) {
            throw new IllegalStateException(name + ": loaded " + loaded[0] + " samples, expected " + n);
        }
        return new ShardedData(rdd, n, features, p, hadoopConf, loaded[1]);
    }

    /**
     * Shards a DataFrame's rows: {@code featuresCol} holds ML vectors (dense or sparse) or numeric
     * arrays, {@code labelCol} integer classes in {@code [0, classes)}. The global sample index is the
     * row's position in {@code df}, so the sample order — and the trained weights — do not depend on
     * how the input is partitioned. Sparse inputs stay sparse in the cache.
     *
     * @throws InputFormatException naming the row: missing columns, wrong types, a label that is not
     *     an integer class, a vector of another size than the first row's, a non-finite value
     */
    public static ShardedData fromDataFrame(Dataset<Row> df, String featuresCol, String labelCol, int classes,
                                            int partitions, String name) throws InputFormatException {
        DataFrameShards.Built built = DataFrameShards.build(df, featuresCol, labelCol, classes, partitions, name);
        try {
            long[] loaded = cacheAndCount(built.shards());
            if (loaded[0] != built.count()) {
                throw new IllegalStateException(name + ": loaded " + loaded[0] + " samples, expected " + built.count());
            }
            // Recomputing a lost shard re-runs the DataFrame's own lineage: no Hadoop configuration to ship.
            return new ShardedData(built.shards(), built.count(), built.features(), built.partitions(), null,
                    loaded[1]);
        } catch (Exception e) { // Spark's exceptions are checked but undeclared (Scala)
            built.shards().unpersist(false);
            throw rethrowInputError(e);
        } finally {
            built.parsed().unpersist(false);
        }
    }

    /** A bad row is found inside a task; give the API caller the same typed error the CLI reports. */
    private static RuntimeException rethrowInputError(Exception e) throws InputFormatException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputFormatException ife) {
                throw new InputFormatException(ife.getMessage(), e);
            }
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }

    /** Caches the shards and materializes them: returns {samples, bytes of sample data}. */
    private static long[] cacheAndCount(JavaRDD<Shard> rdd) {
        rdd.persist(StorageLevel.MEMORY_ONLY());
        return rdd.map(sh -> new long[] {sh.count(), sh.sizeInBytes()})
                .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    }

    /** The same samples seen through a different RDD of the same shards (tests wrap it to inject faults). */
    public ShardedData withShards(JavaRDD<Shard> other) {
        return new ShardedData(other, count, features, partitions, hadoopConf, sizeInBytes);
    }

    private static Shard readShard(IdxDataset data, Configuration conf, int from, int n, int features)
            throws java.io.IOException {
        // The pixels stay bytes in the cache: a quarter of the floats' memory, converted per batch.
        byte[] pixels = new byte[n * features];
        byte[] y = new byte[n];
        data.readBytes(conf, from, n, pixels, y);
        return Shard.ofPixels(from, n, features, pixels, y);
    }

    /** Every sample once (out of core: every block read once, one at a time per partition). */
    public JavaRDD<Shard> shards() {
        return blocked == null ? shards : blocked.all();
    }

    /**
     * The shards that positions {@code [from, to)} of {@code order} may read: all of them in
     * memory; out of core, the blocks of the windows the range overlaps (see {@link BlockedShards#window}).
     */
    public JavaRDD<Shard> shards(IndexOrder order, long from, long to) {
        return blocked == null ? shards : blocked.window(order, from, to);
    }

    /**
     * Epoch {@code epoch}'s training order: {@code split}'s global shuffle in memory; out of core the
     * two-level {@link BlockWindowOrder}, which has no held-out split (use a separate validation set).
     */
    public IndexOrder epochOrder(TrainValidationSplit split, long seed, int epoch) {
        if (blocked == null) {
            return split.epochOrder(epoch);
        }
        if (split.validationSize() > 0) {
            throw new IllegalArgumentException("validation.fraction needs the training set in memory "
                    + "(input.storage=memory); out of core, name a separate validation set with validation.path");
        }
        return new BlockWindowOrder(blocked.layout(), window, seed, epoch);
    }

    /** The blocks when out of core, else null. */
    public BlockLayout blocks() {
        return blocked == null ? null : blocked.layout();
    }

    public long count() {
        return count;
    }

    public int features() {
        return features;
    }

    /**
     * Bytes of sample data (features and labels, without JVM object overhead): held in the cache,
     * or out of core ({@link #blocks} not null) in the files, of which a window at a time is held.
     */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    public int partitions() {
        return partitions;
    }

    /**
     * Drops the cached blocks (and the executors' copies of the Hadoop configuration), waiting
     * until the executors confirm: a command often stops its SparkContext right after, and a
     * removal still in flight then fails with the executors' connections ("Still have N requests
     * outstanding" and a netty stack trace on a successful run).
     */
    public void release() {
        if (blocked != null) {
            blocked.release();
        } else {
            shards.unpersist(true);
        }
        // unpersist, not destroy: the driver keeps its copy, so the RDD stays recomputable if used again.
        if (hadoopConf != null) {
            hadoopConf.unpersist(true);
        }
    }
}
