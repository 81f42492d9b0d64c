package io.dpnet.spark.input;

import io.dpnet.data.StorageFit;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The storage memory of the block managers that cache a run's shards, as Spark's block manager
 * master reports it: each one's maximum, which under Spark's unified memory manager is the whole
 * region shared by execution and storage, (heap − 300 MiB) × {@code spark.memory.fraction} (0.6) —
 * storage may borrow all of it while execution does not use it, and a block larger than the free
 * part is not cached. One RPC to the driver's block manager master; no job.
 */
record StorageMemory(long bytes, int executors) {
    /**
     * In local mode the driver's (it runs the tasks), on a cluster the sum
     * over the executors registered so far (the driver caches no shards there). {@code bytes} is
     * {@link StorageFit#UNKNOWN} when no executor has registered yet.
     */
    static StorageMemory of(JavaSparkContext sc) {
        String driver = SparkEnv.get().blockManager().blockManagerId().hostPort();
        boolean local = sc.sc().isLocal();
        long bytes = 0;
        int managers = 0;
        for (Map.Entry<String, Tuple2<Object, Object>> e
                : CollectionConverters.asJava(sc.sc().getExecutorMemoryStatus()).entrySet()) {
            if (local || !e.getKey().equals(driver)) {
                bytes += (Long) e.getValue()._1();
                managers++;
            }
        }
        return new StorageMemory(managers == 0 ? StorageFit.UNKNOWN : bytes, managers);
    }
}
