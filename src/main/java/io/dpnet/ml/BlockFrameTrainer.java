package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.InputFormatException;
import io.dpnet.data.TabularColumns;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Objective;
import io.dpnet.run.TrainRun;
import io.dpnet.run.TrainingRecord;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.spark.train.BlockTrainRequest;
import io.dpnet.spark.train.BlockTrainResult;
import io.dpnet.spark.train.BlockTrainer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a block network (input block + dense stack) on a DataFrame with the engine's
 * {@link BlockTrainer}: synchronous data-parallel SGD, sparse embedding gradients on the wire,
 * on the DataFrame's own SparkContext (never created or stopped here). The counterpart of
 * {@link DataFrameTrainer} for estimators with categorical, token or weight columns.
 *
 * <p>The numeric {@code featuresCol} vector is spread into one column per element for the
 * engine's reader, which takes numeric columns by name (and names them in its errors as
 * {@code <featuresCol>_<i>}).
 */
final class BlockFrameTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFrameTrainer.class);

    /**
     * @param classes the number of classes, or 0 for regression
     * @param name the estimator's uid, for log lines and messages
     */
    record Request(TrainConfig config, BlockInputs inputs, String labelCol, Objective objective, int classes,
            String name) {
    }

    /** What training produced, with what a saved model records. */
    record Trained(BlockTrainResult result, TrainConfig config, Map<String, String> trainingConfig,
            Map<String, Object> metrics, Map<String, String> provenance) {
    }

    private BlockFrameTrainer() {
    }

    static Trained train(Dataset<?> dataset, Request r) {
        BlockInputs in = r.inputs();
        ModelSpec dense = r.config().modelSpec();
        int width = in.spec().width();
        if (dense.inputSize() != width) {
            throw new IllegalArgumentException(r.name() + ": layers starts with an input size of " + dense.inputSize()
                    + " but the input block gives " + width + " (" + in.spec() + "); make the first entry of layers "
                    + width);
        }
        r.objective().checkModel(dense);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        TrainConfig resolved = TrainRun.resolvePartitions(sc, r.config()).with("master=" + sc.master());
        List<String> numeric = new ArrayList<>();
        Dataset<Row> frame = engineFrame(dataset, r, numeric);
        TabularColumns columns = TabularColumns.label(r.labelCol()).numeric(numeric).categorical(in.categoricalCols())
                .tokens(in.tokensCol()).weight(in.weightCol()).build();
        TabularShards.Builder shards = TabularShards.fromDataFrame(frame).columns(columns).inputs(in.spec())
                .partitions(resolved.partitions()).name(r.name());
        TabularShards data;
        try {
            data = (r.classes() > 0 ? shards.classes(r.classes()) : shards.regression()).build();
        } catch (InputFormatException e) {
            // Spark ML reports bad input as IllegalArgumentException; the message names column and row.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            LOG.info("{}: training {} → {} on {} rows in {} partitions", r.name(), in.spec(), dense, data.count(),
                    data.partitions());
            BlockTrainResult result = new BlockTrainer(sc).train(
                    BlockTrainRequest.of(data, in.spec(), resolved.plan(), r.objective()).withListener(progress(r)));
            return record(sc, resolved, result, data.count());
        } finally {
            data.release();
        }
    }

    /** Label, numeric elements, categorical ids, tokens and weight as the engine reads them. */
    private static Dataset<Row> engineFrame(Dataset<?> dataset, Request r, List<String> numericOut) {
        BlockInputs in = r.inputs();
        List<Column> cols = new ArrayList<>();
        cols.add(functions.col(r.labelCol()));
        if (in.featuresCol() != null) {
            Column array = org.apache.spark.ml.functions.vector_to_array(functions.col(in.featuresCol()), "float64");
            for (int i = 0; i < in.spec().numericCount(); i++) {
                String name = in.featuresCol() + "_" + i;
                numericOut.add(name);
                cols.add(array.getItem(i).as(name));
            }
        }
        in.categoricalCols().forEach(c -> cols.add(functions.col(c)));
        if (in.tokensCol() != null) {
            cols.add(functions.col(in.tokensCol()));
        }
        if (in.weightCol() != null) {
            cols.add(functions.col(in.weightCol()));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    private static TrainingListener progress(Request r) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                LOG.info(String.format("%s: epoch %d/%d train loss %.4f%s (%.1fs)", r.name(), m.epoch(), m.epochs(),
                        m.trainLoss(), Double.isNaN(m.trainAccuracy()) ? ""
                                : String.format(" accuracy %.2f%%", m.trainAccuracy() * 100), m.epochSeconds()));
            }
        };
    }

    private static Trained record(JavaSparkContext sc, TrainConfig config, BlockTrainResult result, long rows) {
        // data.* describe files the CLI reads; this model was trained on a DataFrame.
        Map<String, String> trainingConfig = new TreeMap<>(config.asMap());
        trainingConfig.keySet().removeIf(k -> k.startsWith("data."));
        Map<String, String> provenance = TrainingRecord.provenance(sc, config);
        provenance.put("trainedBy", DenseNetClassifier.class.getPackageName());
        Map<String, Object> metrics = new LinkedHashMap<>();
        EpochMetrics last = result.last();
        metrics.put("epochs", last.epoch());
        metrics.put("steps", result.steps());
        metrics.put("trainingRows", rows);
        TrainingRecord.putFinite(metrics, "trainLoss", last.trainLoss());
        TrainingRecord.putFinite(metrics, "trainAccuracy", last.trainAccuracy());
        metrics.put("trainingSeconds", last.elapsedSeconds());
        return new Trained(result, config, trainingConfig, metrics, provenance);
    }
}
