package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The job's fixed inputs, shared by the IDX and Parquet passes (driver side only: it holds the
 * SparkContext, so task closures capture its serializable parts instead).
 */
record GeneratePlan(JavaSparkContext sc, IdxDataset source, GenerateRequest request, int tasks, long total) {
    /** One element per task, one task per partition: task t handles originals [start(t), start(t + 1)). */
    JavaRDD<Integer> taskIds() {
        List<Integer> ids = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            ids.add(t);
        }
        return sc.parallelize(ids, tasks);
    }

    /** The first original of task {@code t} of {@code tasks} over {@code count} originals (even split). */
    static int start(int count, int tasks, int t) {
        return (int) ((long) count * t / tasks);
    }
}
