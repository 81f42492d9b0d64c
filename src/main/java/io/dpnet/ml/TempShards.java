package io.dpnet.ml;

/** TEMPORARY stand-in for ShardedData.fromDataFrame until main has it. */
final class TempShards {
    private TempShards() {
    }

    static io.dpnet.spark.ShardedData fromDataFrame(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df,
            String featuresCol, String labelCol, int classes, int partitions, String name)
            throws io.dpnet.data.InputFormatException {
        throw new UnsupportedOperationException("ShardedData.fromDataFrame is not merged yet");
    }
}
