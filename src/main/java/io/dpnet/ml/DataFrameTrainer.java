package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.InputFormatException;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.ModelSpec;
import io.dpnet.run.TrainRun;
import io.dpnet.spark.train.TrainRequest;
import io.dpnet.train.EpochMetrics;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingListener;
import io.dpnet.run.TrainingRecord;
import io.dpnet.train.LocalSgdRule;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link TrainConfig} on a DataFrame with the CLI's {@link DistributedTrainer}: checks
 * the feature size against the input layer, shards the rows ({@link ShardedData#fromDataFrame}),
 * trains on the DataFrame's own SparkContext (never creating or stopping one) and packages the
 * result as a {@link SavedModel} with the same metadata {@code dpnet train} records.
 */
final class DataFrameTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DenseNetClassifier.class);

    private final TrainConfig config;
    private final String featuresCol;
    private final String labelCol;
    private final String name;

    DataFrameTrainer(TrainConfig config, String featuresCol, String labelCol, String name) {
        this.config = config;
        this.featuresCol = featuresCol;
        this.labelCol = labelCol;
        this.name = name;
    }

    SavedModel train(Dataset<?> dataset) {
        ModelSpec spec = config.modelSpec();
        int features = FeatureSize.of(dataset, featuresCol);
        if (features < 0) {
            throw new IllegalArgumentException(name + ": no rows");  // as ShardedData words it
        }
        if (features != spec.inputSize()) {
            throw new IllegalArgumentException(name + ": layers starts with an input size of " + spec.inputSize()
                    + " but column '" + featuresCol + "' holds vectors of size " + features
                    + "; make the first entry of layers " + features);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        // Recorded in the model, as the CLI records them.
        TrainConfig resolved = TrainRun.resolvePartitions(sc, config).with("master=" + sc.master());
        int partitions = resolved.partitions();
        LocalSgdRule.accuracyWarning(resolved.plan(), partitions).ifPresent(w -> LOG.warn("{}: {}", name, w));
        ShardedData data;
        try {
            data = ShardedData.fromDataFrame(dataset.toDF(), featuresCol, labelCol, spec.outputSize(), partitions,
                    name);
        } catch (InputFormatException e) {
            // Spark ML reports bad input as IllegalArgumentException; the message names the row.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            LOG.info("{}: training {} on {} rows in {} partitions", name, spec, data.count(), data.partitions());
            TrainResult result = TrainRun.train(sc, resolved, TrainRequest.of(data).withListener(progress()));
            return savedModel(resolved, result, sc, data.count());
        } finally {
            data.release();
        }
    }

    private TrainingListener progress() {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                LOG.info(String.format("%s: epoch %d/%d train loss %.4f accuracy %.2f%%%s (%.1fs)", name, m.epoch(),
                        m.epochs(), m.trainLoss(), m.trainAccuracy() * 100,
                        m.validated() ? String.format(", validation accuracy %.2f%%", m.valAccuracy() * 100) : "",
                        m.epochSeconds()));
            }
        };
    }

    /** The model with the metadata {@code dpnet train} records (minus test metrics: there is no test set). */
    private static SavedModel savedModel(TrainConfig config, TrainResult result, JavaSparkContext sc, long rows) {
        // data.* describe IDX files the CLI reads; this model was trained on a DataFrame.
        Map<String, String> trainingConfig = new TreeMap<>(config.asMap());
        trainingConfig.keySet().removeIf(k -> k.startsWith("data."));
        Map<String, String> provenance = TrainingRecord.provenance(sc, config);
        provenance.put("trainedBy", DenseNetClassifier.class.getName());
        return TrainRun.model(sc, config, result, Map.of("trainingRows", rows))
                .trainingConfig(trainingConfig)
                .provenance(provenance)
                .build();
    }
}
