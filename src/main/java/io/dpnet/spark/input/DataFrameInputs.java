package io.dpnet.spark.input;

import io.dpnet.data.InputFormatException;
import io.dpnet.data.InputSpec;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A LIBSVM, CSV or Parquet input read ({@link InputReader}) and sharded for training or evaluation. */
public final class DataFrameInputs {
    private DataFrameInputs() {
    }

    /**
     * Reads {@code spec} into cached shards of labelled samples with {@code spec.features()}
     * features; malformed rows fail with an {@link InputFormatException} naming the file and line
     * (text) or row (Parquet).
     */
    public static ShardedData shards(JavaSparkContext sc, InputSpec spec, int classes, int partitions)
            throws Exception {
        Dataset<Row> df = InputReader.read(InputReader.session(sc), spec, classes, true);
        ShardedData data = InputReader.located(sc, spec, classes, () -> ShardedData.fromDataFrame(df,
                InputReader.FEATURES, InputReader.LABEL, classes, partitions, spec.path()));
        if (data.features() != spec.features()) {
            data.release();
            throw new InputFormatException(spec.path() + ": the samples have " + data.features()
                    + " features but the model's input layer takes " + spec.features());
        }
        return data;
    }
}
