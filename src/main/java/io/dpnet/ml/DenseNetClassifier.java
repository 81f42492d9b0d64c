package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.model.SavedModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A dense neural-network classifier as a Spark ML {@code Estimator}: {@link #fit} trains with
 * dpnet's synchronous data-parallel SGD — the same {@link io.dpnet.spark.train.DistributedTrainer} and
 * the same {@link TrainConfig} validation as {@code dpnet train} — on the DataFrame's own
 * SparkContext, and returns a {@link DenseNetClassificationModel}.
 *
 * <p>Features are a vector column ({@code featuresCol}, dense or sparse) whose size must equal the
 * first entry of {@code layers}; labels ({@code labelCol}) must be integer classes in
 * {@code [0, classes)}, where classes is the last entry of {@code layers}. Every training param
 * maps onto the config key of the same name (dotted keys drop the dot: {@code lr.schedule} is
 * {@code lrSchedule}); defaults are those of {@code conf/mnist.properties} in its synchronous form
 * (batch 128, {@code sync=sync}; local SGD is {@code setSync("average")}).
 *
 * <pre>{@code
 * DenseNetClassifier net = new DenseNetClassifier()
 *     .setLayers(784, 128, 10).setActivations("relu", "softmax").setEpochs(5);
 * DenseNetClassificationModel model = net.fit(train);
 * }</pre>
 */
public final class DenseNetClassifier
        extends ProbabilisticClassifier<Vector, DenseNetClassifier, DenseNetClassificationModel>
        implements DenseNetTrainingParams<DenseNetClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    // Neither field has an initializer: both may be assigned while Spark's super constructor runs
    // (see StagedUid), and an initializer would reset them afterwards.
    private String uid;
    private DenseNetParams p;

    public DenseNetClassifier() {
        this(Identifiable$.MODULE$.randomUID("denseNetClassifier"));
    }

    /** With a given uid (Spark's {@code copy} and persistence need this constructor). */
    public DenseNetClassifier(String uid) {
        this(StagedUid.stage(uid));
    }

    private DenseNetClassifier(StagedUid.Token staged) {
        super();
        uid();
        StagedUid.clear();
        p().setDefaults(this);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = StagedUid.staged();
        }
        return uid;
    }

    @Override
    public DenseNetParams denseNetParams() {
        return p();
    }

    /** The params, created on first use — which may be inside Spark's super constructor. */
    private DenseNetParams p() {
        if (p == null) {
            p = new DenseNetParams(this);
        }
        return p;
    }

    @Override
    public DenseNetClassificationModel train(Dataset<?> dataset) {
        TrainConfig config = trainConfig();
        SavedModel trained = new DataFrameTrainer(config, getFeaturesCol(), getLabelCol(), uid()).train(dataset);
        return new DenseNetClassificationModel(uid(), trained);
    }

    /** Also validates the training params, so a Pipeline fails before it starts fitting any stage. */
    @Override
    public StructType transformSchema(StructType schema) {
        trainConfig();
        return super.transformSchema(schema);
    }

    /** The {@code dpnet train} configuration these params describe (validated). */
    public TrainConfig trainConfig() {
        return p().toTrainConfig(this);
    }

    @Override
    public DenseNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DenseNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DenseNetClassifier load(String path) {
        return read().load(path);
    }
}
