package io.dpnet.spark;

import io.dpnet.data.IdxDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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

    private ShardedData(JavaRDD<Shard> shards, long count, int features, int partitions) {
        this.shards = shards;
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
        SerializableConfiguration hadoopConf = new SerializableConfiguration(sc.hadoopConfiguration());
        int features = data.features();
        JavaRDD<Shard> rdd = sc.parallelize(ranges, p)
                .map(r -> readShard(data, hadoopConf.value(), r[0], r[1], features))
                .setName(name);
        rdd.persist(StorageLevel.MEMORY_ONLY());
        long loaded = rdd.map(Shard::count).reduce(Integer::sum);
        if (loaded != n) {
            throw new IllegalStateException(name + ": loaded " + loaded + " samples, expected " + n);
        }
        return new ShardedData(rdd, n, features, p);
    }

    /** The same samples seen through a different RDD of the same shards (tests wrap it to inject faults). */
    ShardedData withShards(JavaRDD<Shard> other) {
        return new ShardedData(other, count, features, partitions);
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

    /** Drops the cached blocks. */
    public void release() {
        shards.unpersist(false);
    }
}
