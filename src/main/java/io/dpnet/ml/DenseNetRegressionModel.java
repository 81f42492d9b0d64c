package io.dpnet.ml;

import io.dpnet.model.SavedModel;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.InputBlockSpec;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained dpnet regression network as a Spark ML {@code PredictionModel}: {@code transform}
 * adds {@code predictionCol}, the network's single linear output, computed from the numeric
 * {@code featuresCol} vector (if the model has numeric inputs) and the categorical id and token
 * columns its input block names. {@code RegressionEvaluator} (rmse, mae, r2, ...) reads it as
 * any Spark regressor's.
 *
 * <p>{@code write().save(path)} writes a dpnet model directory ({@code model.json} v2 +
 * weights + tables) plus Spark ML metadata; {@link #load} reads it back, also inside a saved
 * {@code PipelineModel}.
 */
public final class DenseNetRegressionModel extends RegressionModel<Vector, DenseNetRegressionModel>
        implements DpnetModel, MLWritable {
    private static final long serialVersionUID = 1L;

    // No initializers: uid may be assigned inside Spark's super constructor (see StagedUid).
    private String uid;
    private BlockScorer scorer;
    /** The trained model with its provenance; driver-side only (tasks need just the scorer). */
    private transient SavedModel saved;

    public DenseNetRegressionModel(String uid, SavedModel model) {
        this(StagedUid.stage(uid), model);
    }

    private DenseNetRegressionModel(StagedUid.Token staged, SavedModel model) {
        super();
        uid();
        StagedUid.clear();
        if (!model.isBlockModel() || !model.task().isRegression()) {
            throw new IllegalArgumentException("not a regression model: " + (model.isBlockModel() ? model.task()
                    : "a classification network (model.json v1)") + "; load it with DenseNetClassificationModel");
        }
        saved = model;
        scorer = new BlockScorer(model.tabular().block(), model.spec(), new BlockParams(model.params(),
                model.tables()));
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = StagedUid.staged();
        }
        return uid;
    }

    /** The numeric feature vector's size (0 when the model reads only categorical or token columns). */
    @Override
    public int numFeatures() {
        return scorer.inputs().numericCount();
    }

    @Override
    public double predict(Vector features) {
        return scorer.logits(features)[0];
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        if (PackedTransform.isPacked(getFeaturesCol())) {
            return super.transform(dataset);
        }
        return PackedTransform.transform(this, PackedTransform.inputs(scorer.inputs(), getFeaturesCol()), dataset);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (PackedTransform.isPacked(getFeaturesCol())) {
            return super.transformSchema(schema);
        }
        return PackedTransform.transformSchema(this, PackedTransform.inputs(scorer.inputs(), getFeaturesCol()),
                schema);
    }

    @Override
    public DenseNetRegressionModel copy(ParamMap extra) {
        DenseNetRegressionModel copy = new DenseNetRegressionModel(uid(), savedModel());
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public SavedModel savedModel() {
        if (saved == null) {
            throw new IllegalStateException("a block model's files are kept on the driver only");
        }
        return saved;
    }

    /** The input block: numeric features, categorical columns, token bag. */
    public InputBlockSpec inputBlock() {
        return scorer.inputs();
    }

    /** The dense stack after the input block (its last layer: one linear output). */
    public ModelSpec denseSpec() {
        return scorer.dense();
    }

    /** The {@code dpnet train} config keys the model was trained with. */
    public Map<String, String> trainingConfig() {
        return savedModel().trainingConfig();
    }

    /** Final training metrics: trainLoss, epochs, steps, trainingRows, trainingSeconds, ... */
    public Map<String, Object> trainingMetrics() {
        return savedModel().metrics();
    }

    @Override
    public MLWriter write() {
        return new DenseNetModelWriter(this);
    }

    public static MLReader<DenseNetRegressionModel> read() {
        return new DenseNetModelReader<>(DenseNetRegressionModel.class, "denseNetRegressionModel",
                DenseNetRegressionModel::new);
    }

    /** Loads a model saved by {@code write().save(path)} (or a regression model written by {@code dpnet train}). */
    public static DenseNetRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DenseNetRegressionModel: uid=" + uid() + ", " + scorer.inputs() + " → " + scorer.dense();
    }
}
