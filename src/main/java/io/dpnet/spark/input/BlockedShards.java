package io.dpnet.spark.input;

import io.dpnet.data.BlockLayout;
import io.dpnet.data.BlockWindowOrder;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import io.dpnet.data.IndexOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.executor.InputMetrics;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * An IDX training set out of core: fixed-size blocks of global indices ({@link BlockLayout}).
 * Nothing of the samples is in Spark's cache; what is cached (memory only) is one tiny record per
 * partition, so that Spark keeps sending a partition's tasks to the same executor, whose
 * {@link BlockCache} holds the blocks that partition reads.
 *
 * <p>A step over a {@link BlockWindowOrder} uses {@link #window}: the k-th block of each window
 * (in the epoch's block permutation) goes to partition {@code k mod P}, so every partition gets
 * the same number of a window's blocks — an even share of every step's samples, which a fixed
 * block-to-partition map would not give a random window. A partition takes its blocks from the
 * executor's cache, reading a missing one in one sequential pass over its byte range of the IDX
 * files (12.8 MB for 16,384 MNIST samples); every block is therefore read once per epoch, when its
 * window comes up. The assignment changes the summation order only, not the batch, so results
 * stay those of single-machine SGD. A pass over all samples ({@link #all}: evaluation, search)
 * streams the partition's consecutive blocks one at a time without caching them. Every
 * read is added to the task's Spark input metrics (bytes and records), so the UI and a
 * SparkListener see what was read.
 */
final class BlockedShards {
    private final String id = UUID.randomUUID().toString();
    private final JavaRDD<int[]> ranges;
    private final IdxDataset data;
    private final BlockLayout layout;
    private final Broadcast<SerializableConfiguration> hadoopConf;

    private BlockedShards(JavaRDD<int[]> ranges, IdxDataset data, BlockLayout layout,
                          Broadcast<SerializableConfiguration> hadoopConf) {
        this.ranges = ranges;
        this.data = data;
        this.layout = layout;
        this.hadoopConf = hadoopConf;
    }

    /** Spreads the blocks over {@code partitions} partitions (at most one per block); reads nothing yet. */
    static BlockedShards open(JavaSparkContext sc, IdxDataset data, int blockSize, int partitions, String name,
                              Broadcast<SerializableConfiguration> hadoopConf) {
        BlockLayout layout = new BlockLayout(data.count(), blockSize);
        int p = Math.max(1, Math.min(partitions, layout.blocks()));
        List<int[]> ranges = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            ranges.add(new int[] {layout.firstBlock(i, p), layout.firstBlock(i + 1, p), i});
        }
        JavaRDD<int[]> rdd = sc.parallelize(ranges, p).setName(name + " (block ranges)");
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return new BlockedShards(rdd, data, layout, hadoopConf);
    }

    BlockLayout layout() {
        return layout;
    }

    int partitions() {
        return ranges.getNumPartitions();
    }

    /**
     * The partitions' blocks that positions {@code [from, to)} of {@code order} read, from the
     * executors' caches (read there once per window); each partition yields one {@link Shard}
     * per such block it owns. Any other order is a pass over all blocks ({@link #all}).
     */
    JavaRDD<Shard> window(IndexOrder order, long from, long to) {
        if (!(order instanceof BlockWindowOrder blockOrder) || !blockOrder.layout().equals(layout)) {
            return all();
        }
        BitSet touched = blockOrder.blocksTouched(from, to);
        int partitions = partitions();
        int[][] assigned = new int[partitions][];
        List<List<Integer>> lists = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            lists.add(new ArrayList<>());
        }
        if (from < to) {
            for (int w = blockOrder.windowOf(from), last = blockOrder.windowOf(to - 1); w <= last; w++) {
                int[] blocksOfWindow = blockOrder.windowBlocks(w);
                for (int k = 0; k < blocksOfWindow.length; k++) {
                    lists.get(k % partitions).add(blocksOfWindow[k]);
                }
            }
        }
        for (int p = 0; p < partitions; p++) {
            assigned[p] = lists.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        String set = id;
        IdxDataset source = data;
        BlockLayout blocks = layout;
        Broadcast<SerializableConfiguration> conf = hadoopConf;
        return ranges.mapPartitions(it -> {
            // The window moved on: free its blocks before reading the next ones.
            BlockCache.retainOnly(set, touched);
            List<Shard> out = new ArrayList<>();
            while (it.hasNext()) {
                for (int b : assigned[it.next()[2]]) {
                    out.add(BlockCache.get(set, b, block -> read(source, conf.value().value(), blocks, block)));
                }
            }
            return out.iterator();
        });
    }

    /** Every block once, in index order, one at a time per partition: for evaluation and search. */
    JavaRDD<Shard> all() {
        String set = id;
        IdxDataset source = data;
        BlockLayout blocks = layout;
        Broadcast<SerializableConfiguration> conf = hadoopConf;
        return ranges.mapPartitions(it -> {
            int[] r = it.next();
            return new Iterator<Shard>() {
                private int next = r[0];

                @Override
                public boolean hasNext() {
                    return next < r[1];
                }

                @Override
                public Shard next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int b = next++;
                    Shard cached = BlockCache.peek(set, b);
                    try {
                        return cached != null ? cached : read(source, conf.value().value(), blocks, b);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
        });
    }

    /**
     * One block in one sequential read of its pixel and label bytes. A truncated, corrupt or missing
     * file fails naming the block's sample range and the file, whatever the underlying reader said.
     */
    static Shard read(IdxDataset source, Configuration conf, BlockLayout layout, int b) throws IOException {
        int n = layout.length(b);
        int features = source.features();
        byte[] pixels = new byte[n * features];
        byte[] labels = new byte[n];
        try {
            source.readBytes(conf, (int) layout.start(b), n, pixels, labels);
        } catch (IOException e) {
            throw new IdxFormatException("cannot read " + layout.describe(b) + " of " + source.imagesPath()
                    + " / " + source.labelsPath() + ": " + e.getMessage(), e);
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            // Spark's own input metrics (package-private in Scala, public in bytecode): what the
            // UI's "Input" column and SparkListeners report, like a HadoopRDD's reads.
            InputMetrics metrics = task.taskMetrics().inputMetrics();
            metrics.incBytesRead(pixels.length + (long) n);
            metrics.incRecordsRead(n);
        }
        return Shard.ofPixels((int) layout.start(b), n, features, pixels, labels);
    }

    void release() {
        ranges.unpersist(true);
        BlockCache.dropAll(id);
    }
}
