package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.model.SavedModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
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
        implements DefaultParamsWritable {
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

    // ---- params: accessors (Spark finds params through these public no-argument methods) ----

    public IntArrayParam layers() {
        return p().layers;
    }

    public StringArrayParam activations() {
        return p().activations;
    }

    public Param<String> loss() {
        return p().loss;
    }

    public Param<String> init() {
        return p().init;
    }

    public DoubleArrayParam dropout() {
        return p().dropout;
    }

    public Param<String> optimizer() {
        return p().optimizer;
    }

    public DoubleParam learningRate() {
        return p().learningRate;
    }

    public Param<String> lrSchedule() {
        return p().lrSchedule;
    }

    public DoubleParam lrGamma() {
        return p().lrGamma;
    }

    public DoubleParam lrStepEpochs() {
        return p().lrStepEpochs;
    }

    public DoubleParam lrMinRate() {
        return p().lrMinRate;
    }

    public DoubleParam lrWarmupEpochs() {
        return p().lrWarmupEpochs;
    }

    public Param<String> lrScaling() {
        return p().lrScaling;
    }

    public IntParam lrReferenceBatch() {
        return p().lrReferenceBatch;
    }

    public Param<String> sync() {
        return p().sync;
    }

    public IntParam syncLocalSteps() {
        return p().syncLocalSteps;
    }

    public IntParam syncLocalAfterEpochs() {
        return p().syncLocalAfterEpochs;
    }

    public DoubleParam momentum() {
        return p().momentum;
    }

    public BooleanParam nesterov() {
        return p().nesterov;
    }

    public DoubleParam beta1() {
        return p().beta1;
    }

    public DoubleParam beta2() {
        return p().beta2;
    }

    public DoubleParam epsilon() {
        return p().epsilon;
    }

    public DoubleParam weightDecay() {
        return p().weightDecay;
    }

    public IntParam epochs() {
        return p().epochs;
    }

    public IntParam batchSize() {
        return p().batchSize;
    }

    public LongParam seed() {
        return p().seed;
    }

    public IntParam partitions() {
        return p().partitions;
    }

    public IntParam treeDepth() {
        return p().treeDepth;
    }

    public Param<String> kernel() {
        return p().kernel;
    }

    public DoubleParam validationFraction() {
        return p().validationFraction;
    }

    public IntParam earlyStoppingPatience() {
        return p().earlyStoppingPatience;
    }

    public Param<String> earlyStoppingMetric() {
        return p().earlyStoppingMetric;
    }

    // ---- getters ----

    public int[] getLayers() {
        return getOrDefault(layers());
    }

    public String[] getActivations() {
        return getOrDefault(activations());
    }

    public String getLoss() {
        return getOrDefault(loss());
    }

    public String getOptimizer() {
        return getOrDefault(optimizer());
    }

    public double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    public String getLrSchedule() {
        return getOrDefault(lrSchedule());
    }

    public int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    public long getSeed() {
        return (Long) getOrDefault(seed());
    }

    public int getPartitions() {
        return (Integer) getOrDefault(partitions());
    }

    // ---- setters (Java-friendly: varargs for the lists) ----

    public DenseNetClassifier setLayers(int... sizes) {
        return (DenseNetClassifier) set(layers(), sizes.clone());
    }

    public DenseNetClassifier setActivations(String... names) {
        return (DenseNetClassifier) set(activations(), names.clone());
    }

    public DenseNetClassifier setLoss(String value) {
        return (DenseNetClassifier) set(loss(), value);
    }

    public DenseNetClassifier setInit(String value) {
        return (DenseNetClassifier) set(init(), value);
    }

    public DenseNetClassifier setDropout(double... rates) {
        return (DenseNetClassifier) set(dropout(), rates.clone());
    }

    public DenseNetClassifier setOptimizer(String value) {
        return (DenseNetClassifier) set(optimizer(), value);
    }

    public DenseNetClassifier setLearningRate(double value) {
        return (DenseNetClassifier) set(learningRate(), value);
    }

    public DenseNetClassifier setLrSchedule(String value) {
        return (DenseNetClassifier) set(lrSchedule(), value);
    }

    public DenseNetClassifier setLrGamma(double value) {
        return (DenseNetClassifier) set(lrGamma(), value);
    }

    public DenseNetClassifier setLrStepEpochs(double value) {
        return (DenseNetClassifier) set(lrStepEpochs(), value);
    }

    public DenseNetClassifier setLrMinRate(double value) {
        return (DenseNetClassifier) set(lrMinRate(), value);
    }

    public DenseNetClassifier setLrWarmupEpochs(double value) {
        return (DenseNetClassifier) set(lrWarmupEpochs(), value);
    }

    public DenseNetClassifier setLrScaling(String value) {
        return (DenseNetClassifier) set(lrScaling(), value);
    }

    public DenseNetClassifier setLrReferenceBatch(int value) {
        return (DenseNetClassifier) set(lrReferenceBatch(), value);
    }

    /** {@code sync} (a gradient average every step) or {@code average} (local SGD; see syncLocalSteps). */
    public DenseNetClassifier setSync(String value) {
        return (DenseNetClassifier) set(sync(), value);
    }

    public DenseNetClassifier setSyncLocalSteps(int value) {
        return (DenseNetClassifier) set(syncLocalSteps(), value);
    }

    /** With sync=average: synchronous first epochs before local SGD (post-local SGD). */
    public DenseNetClassifier setSyncLocalAfterEpochs(int value) {
        return (DenseNetClassifier) set(syncLocalAfterEpochs(), value);
    }

    public DenseNetClassifier setMomentum(double value) {
        return (DenseNetClassifier) set(momentum(), value);
    }

    public DenseNetClassifier setNesterov(boolean value) {
        return (DenseNetClassifier) set(nesterov(), value);
    }

    public DenseNetClassifier setBeta1(double value) {
        return (DenseNetClassifier) set(beta1(), value);
    }

    public DenseNetClassifier setBeta2(double value) {
        return (DenseNetClassifier) set(beta2(), value);
    }

    public DenseNetClassifier setEpsilon(double value) {
        return (DenseNetClassifier) set(epsilon(), value);
    }

    public DenseNetClassifier setWeightDecay(double value) {
        return (DenseNetClassifier) set(weightDecay(), value);
    }

    public DenseNetClassifier setEpochs(int value) {
        return (DenseNetClassifier) set(epochs(), value);
    }

    public DenseNetClassifier setBatchSize(int value) {
        return (DenseNetClassifier) set(batchSize(), value);
    }

    public DenseNetClassifier setSeed(long value) {
        return (DenseNetClassifier) set(seed(), value);
    }

    public DenseNetClassifier setPartitions(int value) {
        return (DenseNetClassifier) set(partitions(), value);
    }

    public DenseNetClassifier setTreeDepth(int value) {
        return (DenseNetClassifier) set(treeDepth(), value);
    }

    public DenseNetClassifier setKernel(String value) {
        return (DenseNetClassifier) set(kernel(), value);
    }

    public DenseNetClassifier setValidationFraction(double value) {
        return (DenseNetClassifier) set(validationFraction(), value);
    }

    public DenseNetClassifier setEarlyStoppingPatience(int value) {
        return (DenseNetClassifier) set(earlyStoppingPatience(), value);
    }

    public DenseNetClassifier setEarlyStoppingMetric(String value) {
        return (DenseNetClassifier) set(earlyStoppingMetric(), value);
    }
}
