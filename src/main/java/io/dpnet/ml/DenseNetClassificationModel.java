package io.dpnet.ml;

import io.dpnet.export.OnnxExport;
import io.dpnet.export.OutputHead;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.InputBlockSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained dpnet network as a Spark ML {@code Model}. {@code transform} adds
 * <ul>
 *   <li>{@code rawPredictionCol}: the output layer's pre-activation values — for the usual
 *       softmax output, the logits;</li>
 *   <li>{@code probabilityCol}: their softmax — for a softmax output exactly the network's output
 *       (for an {@code mse} model with another output activation, a normalization of the raw
 *       values that keeps their order);</li>
 *   <li>{@code predictionCol}: the most probable class (or Spark's {@code thresholds} rule).</li>
 * </ul>
 *
 * <p>{@code transform} is Spark's own: one forward pass per row through {@link #predictRaw}, on a
 * per-thread reused workspace. A batched {@code mapPartitions} version (256 rows per matrix
 * product) was measured on the MNIST test set and was no faster — converting whole rows in and
 * out of Spark's internal format costs what batching the math saves — so the simpler path stays.
 *
 * <p>{@code write().save(path)} writes a dpnet model directory that {@code dpnet evaluate
 * --model} and {@code dpnet info} read, plus Spark ML metadata; {@link #load} reads either that
 * or a directory written by {@code dpnet train}.
 */
public final class DenseNetClassificationModel
        extends ProbabilisticClassificationModel<Vector, DenseNetClassificationModel>
        implements DpnetModel, MLWritable {
    private static final long serialVersionUID = 1L;

    // No initializers: uid may be assigned inside Spark's super constructor (see StagedUid).
    private String uid;
    private ModelScorer scorer;
    /** Set instead of {@link #scorer} for a block model (categorical / token inputs, model.json v2). */
    private BlockScorer block;
    private ModelSpec spec;
    /** The trained model with its provenance; driver-side only (tasks need just the scorer). */
    private transient SavedModel saved;

    /**
     * A placeholder (a 1-input, 1-output linear network) for {@link java.util.ServiceLoader}
     * only: Spark Connect finds the Transformers it may load by instantiating every class listed
     * in {@code META-INF/services/org.apache.spark.ml.Transformer}, as Spark's own models do with
     * their no-argument constructors. Real models come from {@link #load} or
     * {@link DenseNetClassifier#fit}.
     */
    public DenseNetClassificationModel() {
        this(Identifiable$.MODULE$.randomUID("denseNetClassificationModel"), SavedModel.builder(
                ModelSpec.of(new int[] {1, 1}, List.of(Activation.LINEAR), LossKind.MSE), new float[2]).build());
    }

    public DenseNetClassificationModel(String uid, SavedModel model) {
        this(StagedUid.stage(uid), model);
    }

    private DenseNetClassificationModel(StagedUid.Token staged, SavedModel model) {
        super();
        uid();
        StagedUid.clear();
        saved = model;
        spec = model.spec();
        if (model.isBlockModel()) {
            if (model.task().isRegression()) {
                throw new IllegalArgumentException("this is a regression model (" + model.task()
                        + "); load it with DenseNetRegressionModel");
            }
            block = new BlockScorer(model.tabular().block(), spec, new BlockParams(model.params(), model.tables()));
        } else {
            scorer = new ModelScorer(spec, model.params());
        }
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = StagedUid.staged();
        }
        return uid;
    }

    @Override
    public int numClasses() {
        return spec.outputSize();
    }

    /** The feature vector's size; for a block model its numeric part's (categorical and token columns come on top). */
    @Override
    public int numFeatures() {
        return block == null ? spec.inputSize() : block.inputs().numericCount();
    }

    @Override
    public Vector predictRaw(Vector features) {
        return Vectors.dense(block == null ? scorer.logits(features) : block.logits(features));
    }

    /** For a block model, also reads the categorical and token columns (see {@link PackedTransform}). */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        if (block == null || PackedTransform.isPacked(getFeaturesCol())) {
            return super.transform(dataset);
        }
        return PackedTransform.transform(this, PackedTransform.inputs(block.inputs(), getFeaturesCol()), dataset);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (block == null || PackedTransform.isPacked(getFeaturesCol())) {
            return super.transformSchema(schema);
        }
        return PackedTransform.transformSchema(this, PackedTransform.inputs(block.inputs(), getFeaturesCol()), schema);
    }

    /** The input block (categorical and token columns) of a block model, or null for a dense one. */
    public InputBlockSpec inputBlock() {
        return block == null ? null : block.inputs();
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        ModelScorer.softmaxInPlace(((DenseVector) rawPrediction).values());
        return rawPrediction;
    }

    @Override
    public DenseNetClassificationModel copy(ParamMap extra) {
        DenseNetClassificationModel copy = new DenseNetClassificationModel(uid(), savedModel());
        return copyValues(copy, extra).setParent(parent());
    }

    /**
     * Spark's two superclasses declare this with different generic return types, which javac
     * cannot reconcile (Scala's Tuple3 is covariant, Java's view of it is not); the raw type
     * satisfies both, and the probabilistic version is the right one.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    /**
     * The trained network with its training config, metrics and provenance, as the CLI saves it.
     * (A copy that went through Java serialization, e.g. into a task, keeps only the network.)
     */
    public SavedModel savedModel() {
        if (saved == null) {
            if (block != null) {
                throw new IllegalStateException("a block model's files are kept on the driver only");
            }
            saved = SavedModel.builder(spec, scorer.params()).build();
        }
        return saved;
    }

    /** Layer widths, input first. */
    public int[] getLayers() {
        return spec.sizes();
    }

    /** The {@code dpnet train} config keys the model was trained with. */
    public Map<String, String> trainingConfig() {
        return savedModel().trainingConfig();
    }

    /** Final training metrics: trainLoss, trainAccuracy, epochs, steps, trainingSeconds, ... */
    public Map<String, Object> trainingMetrics() {
        return savedModel().metrics();
    }

    /**
     * Writes the network as an ONNX file at {@code path} (any Hadoop path; refused if it exists),
     * with the head its architecture implies (see {@link OutputHead#of}); returns its size in
     * bytes. Inputs and outputs: {@code docs/export.md}.
     */
    public long exportOnnx(String path) throws IOException {
        return exportOnnx(path, false);
    }

    /** {@link #exportOnnx(String)}, replacing an existing file when {@code overwrite}. */
    public long exportOnnx(String path, boolean overwrite) throws IOException {
        SavedModel model = savedModel();
        return OnnxExport.write(ActiveSpark.hadoopConf(),
                new OnnxExport.Request(model, OutputHead.of(model.spec()), path, overwrite));
    }

    @Override
    public MLWriter write() {
        return new DenseNetModelWriter(this);
    }

    public static MLReader<DenseNetClassificationModel> read() {
        return DenseNetModelReader.classification();
    }

    /** Loads a model saved by {@code write().save(path)} or by {@code dpnet train}. */
    public static DenseNetClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DenseNetClassificationModel: uid=" + uid() + ", " + spec;
    }
}
