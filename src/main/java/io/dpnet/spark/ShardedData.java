package io.dpnet.spark;

import io.dpnet.data.IdxDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A labelled dataset as a cached RDD of {@link Shard}s: partition {@code p} holds the contiguous
 * global index range {@code [p·N/P, (p+1)·N/P)}.
 *
 * <p>Each executor reads its own byte range of the IDX files through Hadoop's FileSystem, so
 * the driver never touches the samples and loading scales with the cluster.
 */
public final class ShardedData {
    private final JavaRDD<Shard> shards;
    private final long count;
    private final int features;
    private final int partitions;
    /** The Hadoop configuration the shards are (re)read with; see {@link #load}. */
    private final Broadcast<SerializableConfiguration> hadoopConf;

    private ShardedData(JavaRDD<Shard> shards, long count, int features, int partitions,
                        Broadcast<SerializableConfiguration> hadoopConf) {
        this.shards = shards;
        this.hadoopConf = hadoopConf;
        this.count = count;
        this.features = features;
        this.partitions = partitions;
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
        rdd.persist(StorageLevel.MEMORY_ONLY());
        long loaded = rdd.map(Shard::count).reduce(Integer::sum);
        if (loaded != n) {
            throw new IllegalStateException(name + ": loaded " + loaded + " samples, expected " + n);
        }
        return new ShardedData(rdd, n, features, p, hadoopConf);
    }

    /** The same samples seen through a different RDD of the same shards (tests wrap it to inject faults). */
    ShardedData withShards(JavaRDD<Shard> other) {
        return new ShardedData(other, count, features, partitions, hadoopConf);
    }

    private static Shard readShard(IdxDataset data, Configuration conf, int from, int n, int features)
            throws java.io.IOException {
        float[] x = new float[n * features];
        int[] y = new int[n];
        data.read(conf, from, n, x, 0, y, 0);
        return new Shard(from, n, features, x, y);
    }

    public JavaRDD<Shard> shards() {
        return shards;
    }

    public long count() {
        return count;
    }

    public int features() {
        return features;
    }

    public int partitions() {
        return partitions;
    }

    /** Drops the cached blocks (and the executors' copies of the Hadoop configuration). */
    public void release() {
        shards.unpersist(false);
        // unpersist, not destroy: the driver keeps its copy, so the RDD stays recomputable if used again.
        hadoopConf.unpersist(false);
    }
}
