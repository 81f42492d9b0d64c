package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Objective;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleArrayParam;
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
        implements DenseNetTrainingParams<DenseNetClassifier>, InputColumnParams<DenseNetClassifier>,
        DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    // Neither field has an initializer: both may be assigned while Spark's super constructor runs
    // (see StagedUid), and an initializer would reset them afterwards.
    private String uid;
    private DenseNetParams p;
    private InputColumnParamSet inputs;

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
        inputColumnParams().setDefaults(this);
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

    @Override
    public InputColumnParamSet inputColumnParams() {
        if (inputs == null) {
            inputs = new InputColumnParamSet(this);
        }
        return inputs;
    }

    /** One weight per class multiplying its rows' loss (imbalanced labels); empty = all 1. */
    public DoubleArrayParam classWeights() {
        return inputColumnParams().classWeights;
    }

    public double[] getClassWeights() {
        return getOrDefault(classWeights());
    }

    public DenseNetClassifier setClassWeights(double... weights) {
        return (DenseNetClassifier) set(classWeights(), weights.clone());
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
        if (trainsInputBlock()) {
            return trainBlock(dataset, config);
        }
        SavedModel trained = new DataFrameTrainer(config, getFeaturesCol(), getLabelCol(), uid()).train(dataset);
        return new DenseNetClassificationModel(uid(), trained);
    }

    /**
     * With categorical, token or weight columns (or class weights): an input block in front of
     * the dense stack, trained by the block engine; the model is a block model (model.json v2).
     */
    private DenseNetClassificationModel trainBlock(Dataset<?> dataset, TrainConfig config) {
        BlockInputs in = BlockInputs.resolve(new BlockInputs.Request(dataset, this, getFeaturesCol(),
                isSet(featuresCol())));
        float[] weights = classWeightsOrNull();
        BlockFrameTrainer.Trained trained = BlockFrameTrainer.train(dataset, new BlockFrameTrainer.Request(config, in,
                getLabelCol(), Objective.classification(weights), config.modelSpec().outputSize(), uid()));
        return new DenseNetClassificationModel(uid(), BlockModelFiles.classification(trained, in, getLabelCol(),
                weights));
    }

    private boolean trainsInputBlock() {
        return usesInputBlock() || getClassWeights().length > 0;
    }

    private float[] classWeightsOrNull() {
        double[] w = getClassWeights();
        if (w.length == 0) {
            return null;
        }
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
        }
        return f;
    }

    /**
     * Also validates the training params (and, with an input block, that its columns exist with
     * usable types), so a Pipeline fails before it starts fitting any stage.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        trainConfig();
        if (!trainsInputBlock()) {
            return super.transformSchema(schema);
        }
        BlockInputs.checkSchema(schema, this, getFeaturesCol(), isSet(featuresCol()));
        // featuresCol is optional with an input block: validate the rest as if it were there.
        boolean placeholder = !BlockInputs.has(schema, getFeaturesCol());
        StructType out = super.transformSchema(placeholder ? schema.add(getFeaturesCol(),
                org.apache.spark.ml.linalg.SQLDataTypes.VectorType()) : schema);
        return placeholder ? BlockInputs.without(out, getFeaturesCol()) : out;
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
