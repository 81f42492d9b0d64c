package io.dpnet.ml;

import io.dpnet.config.TrainConfig;
import io.dpnet.nn.Objective;
import io.dpnet.nn.RegressionLoss;
import java.util.Map;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A dense neural-network regressor as a Spark ML {@code Predictor}: one real target per row
 * ({@code labelCol}), a linear output layer, loss {@code mse} ({@code ½e²}) or {@code huber}
 * ({@code huberDelta}), optional sample weights ({@code weightCol}), and the same layer,
 * optimizer and schedule params as {@link DenseNetClassifier} ({@link DenseNetTrainingParams}).
 * Inputs are a numeric {@code featuresCol} vector and/or categorical id and token columns
 * ({@link InputColumnParams}). {@link #fit} trains with the block engine's synchronous
 * data-parallel SGD on the DataFrame's own SparkContext and returns a
 * {@link DenseNetRegressionModel}, which {@code RegressionEvaluator} and {@code CrossValidator}
 * use like any Spark regressor.
 *
 * <pre>{@code
 * DenseNetRegressor net = new DenseNetRegressor()
 *     .setCategoricalCols("cityIndex").setEmbeddingDim(4)
 *     .setLayers(3 + 4, 32, 1).setActivations("relu", "linear").setLoss("huber").setEpochs(5);
 * }</pre>
 */
public final class DenseNetRegressor extends Predictor<Vector, DenseNetRegressor, DenseNetRegressionModel>
        implements DenseNetTrainingParams<DenseNetRegressor>, InputColumnParams<DenseNetRegressor>,
        DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    static final String MSE = "mse";
    static final String HUBER = "huber";

    // No initializers: they may be assigned while Spark's super constructor runs (see StagedUid).
    private String uid;
    private DenseNetParams p;
    private InputColumnParamSet inputs;
    private DoubleParam huberDelta;

    public DenseNetRegressor() {
        this(Identifiable$.MODULE$.randomUID("denseNetRegressor"));
    }

    /** With a given uid (Spark's {@code copy} and persistence need this constructor). */
    public DenseNetRegressor(String uid) {
        this(StagedUid.stage(uid));
    }

    private DenseNetRegressor(StagedUid.Token staged) {
        super();
        uid();
        StagedUid.clear();
        denseNetParams().setDefaults(this);
        inputColumnParams().setDefaults(this);
        // A regression head: one linear output, mse; the hidden layers are the classifier's defaults' shape.
        setDefault(layers(), new int[] {1, 32, 1});
        setDefault(activations(), new String[] {"relu", "linear"});
        setDefault(loss(), MSE);
        setDefault(huberDelta(), 1.0);
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
        if (p == null) {
            p = new DenseNetParams(this);
        }
        return p;
    }

    @Override
    public InputColumnParamSet inputColumnParams() {
        if (inputs == null) {
            inputs = new InputColumnParamSet(this);
        }
        return inputs;
    }

    /** Huber's δ: residuals beyond it count linearly (only with {@code loss=huber}). */
    public DoubleParam huberDelta() {
        if (huberDelta == null) {
            huberDelta = new DoubleParam(uid(), "huberDelta", "with loss=huber: the residual size beyond which the "
                    + "loss grows linearly instead of quadratically", ParamValidators.gt(0));
        }
        return huberDelta;
    }

    public double getHuberDelta() {
        return (Double) getOrDefault(huberDelta());
    }

    public DenseNetRegressor setHuberDelta(double value) {
        return (DenseNetRegressor) set(huberDelta(), value);
    }

    @Override
    public DenseNetRegressionModel train(Dataset<?> dataset) {
        TrainConfig config = trainConfig();
        BlockInputs in = BlockInputs.resolve(new BlockInputs.Request(dataset, this, getFeaturesCol(),
                isSet(featuresCol())));
        Objective objective = Objective.regression(regressionLoss());
        BlockFrameTrainer.Trained trained = BlockFrameTrainer.train(dataset,
                new BlockFrameTrainer.Request(config, in, getLabelCol(), objective, 0, uid()));
        return new DenseNetRegressionModel(uid(), BlockModelFiles.regression(trained, in, getLabelCol(), regressionLoss()));
    }

    /** mse or huber(δ), from the params. */
    RegressionLoss regressionLoss() {
        return HUBER.equals(getLoss()) ? RegressionLoss.huber((float) getHuberDelta()) : RegressionLoss.mse();
    }

    /**
     * Validates the training params and the input columns (names and types, from the schema
     * alone), so a Pipeline fails before it starts fitting any stage.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        trainConfig();
        BlockInputs.checkSchema(schema, this, getFeaturesCol(), isSet(featuresCol()));
        boolean placeholder = !BlockInputs.has(schema, getFeaturesCol());
        StructType in = placeholder ? schema.add(getFeaturesCol(), SQLDataTypes.VectorType()) : schema;
        StructType out = super.transformSchema(in);
        return placeholder ? BlockInputs.without(out, getFeaturesCol()) : out;
    }

    /**
     * The {@code dpnet train} configuration these params describe (validated). {@code huber}
     * trains as the config's {@code mse} key with the block trainer's Huber objective; the
     * config records {@code loss=mse}, the model file records the Huber objective.
     */
    public TrainConfig trainConfig() {
        String loss = getLoss();
        if (!MSE.equals(loss) && !HUBER.equals(loss)) {
            throw new IllegalArgumentException("DenseNetRegressor: loss must be mse or huber, got '" + loss + "'");
        }
        return denseNetParams().toTrainConfig(this, Map.of("loss", MSE));
    }

    @Override
    public DenseNetRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DenseNetRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static DenseNetRegressor load(String path) {
        return read().load(path);
    }
}
