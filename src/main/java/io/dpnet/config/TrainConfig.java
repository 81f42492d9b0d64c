package io.dpnet.config;

import io.dpnet.data.Suggest;

import io.dpnet.data.BlockPolicy;
import io.dpnet.data.CsvLayout;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputSpec;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.optim.LearningRateSchedule;
import io.dpnet.optim.OptimizerSpec;
import io.dpnet.optim.ScheduleSpec;
import io.dpnet.train.EarlyStopping;
import io.dpnet.train.TrainingPlan;
import io.dpnet.train.TrainingPlan.SyncMode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A training run's complete configuration: every key with its documented default, overlaid by
 * a properties file and then by {@code --set key=value} overrides. Unknown keys and bad values
 * fail here, before any Spark job starts.
 *
 * <p>Together with the data, the resolved map determines a run completely (seeded init and
 * shuffling), so it is stored in every saved model.
 */
public final class TrainConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every key dpnet understands, in documentation order. */
    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("layers", "784,256,256,10", "Layer widths, input first."),
            new ConfigKey("activations", "relu,relu,softmax",
                    "One per dense layer: linear, relu, leaky_relu, leaky_relu(alpha), sigmoid, tanh, softmax."),
            new ConfigKey("loss", "cross_entropy", "cross_entropy (needs a softmax output; fused with it into a "
                    + "log-sum-exp) or mse (1/2 sum (a-t)^2 against one-hot targets); with task=regression mse or "
                    + "huber (see loss.huberDelta)."),
            new ConfigKey("loss.huberDelta", "1", "loss=huber: residuals beyond this are penalized linearly."),
            new ConfigKey("task", "classification", "Tabular inputs (data.numericCols, data.categoricalCols, "
                    + "data.tokensCol): classification (softmax output, integer labels 0..classes-1) or regression "
                    + "(one linear output, numeric label; metrics RMSE, MAE, R2)."),
            new ConfigKey("classWeights", "none", "Tabular classification: none, balanced (n / (classes * count(y)) "
                    + "from the training set) or one weight per class, e.g. 1,4."),
            new ConfigKey("dropout", "",
                    "Inverted-dropout rates for the hidden layers' outputs, e.g. 0.2,0.2 (empty or 0 = none). "
                    + "Masks depend only on (seed, step, sample), so results stay independent of the partitioning."),
            new ConfigKey("init", "he", "Weight init: he (N(0, 2/fanIn), for the relu family) or xavier "
                    + "(N(0, 2/(fanIn+fanOut))); biases start at 0."),
            new ConfigKey("optimizer", "adam", "sgd, momentum, adam, lamb (Adam with a per-layer trust ratio, for "
                    + "large batches) or lars (momentum with a per-layer trust ratio)."),
            new ConfigKey("learningRate", "0.001", "Step size: the rate the schedule starts from (after warmup)."),
            new ConfigKey("lr.schedule", LearningRateSchedule.DEFAULT_KIND, "Learning-rate schedule: constant, step "
                    + "(x lr.gamma every lr.stepEpochs) or cosine (down to lr.minRate)."),
            new ConfigKey("lr.gamma", spelled(LearningRateSchedule.DEFAULT_GAMMA),
                    "Step schedule: multiply the rate by this every lr.stepEpochs."),
            new ConfigKey("lr.stepEpochs", spelled(LearningRateSchedule.DEFAULT_STEP_EPOCHS),
                    "Step schedule: epochs between decays (fractions allowed)."),
            new ConfigKey("lr.minRate", spelled(LearningRateSchedule.DEFAULT_MIN_RATE), "Cosine schedule: the final rate."),
            new ConfigKey("lr.warmupEpochs", spelled(LearningRateSchedule.DEFAULT_WARMUP_EPOCHS),
                    "Linear warmup from ~0 to learningRate over this many epochs (any schedule; fractions allowed)."),
            new ConfigKey("lr.scaling", "none", "Scale the whole schedule (learningRate and lr.minRate) with the "
                    + "batch size: none, linear (x batchSize/lr.referenceBatch: Goyal et al.'s rule, pair it with a "
                    + "warmup) or sqrt (x its square root: the usual choice for Adam). The effective rate is printed "
                    + "and stored in the model's provenance."),
            new ConfigKey("lr.referenceBatch", "128",
                    "lr.scaling: the batch size at which learningRate was tuned."),
            new ConfigKey("momentum", spelled(OptimizerSpec.DEFAULT_MOMENTUM),
                    "Momentum coefficient (optimizer=momentum or lars)."),
            new ConfigKey("nesterov", "false", "Nesterov momentum (optimizer=momentum)."),
            new ConfigKey("beta1", spelled(OptimizerSpec.DEFAULT_BETA1), "Adam/LAMB first-moment decay."),
            new ConfigKey("beta2", spelled(OptimizerSpec.DEFAULT_BETA2), "Adam/LAMB second-moment decay."),
            new ConfigKey("epsilon", spelled(OptimizerSpec.DEFAULT_EPSILON), "Adam/LAMB denominator term."),
            new ConfigKey("lars.trust", spelled(OptimizerSpec.DEFAULT_LARS_TRUST),
                    "optimizer=lars: trust coefficient (layer rate = lars.trust·‖W‖/‖g‖)."),
            new ConfigKey("weightDecay", "0", "L2 penalty on weights (not biases), added to the gradient."),
            new ConfigKey("epochs", "10", "Passes over the training set."),
            new ConfigKey("batchSize", "128", "GLOBAL mini-batch size, split across partitions by sample index."),
            new ConfigKey("seed", "42", "Seeds initialization and the per-epoch sample order."),
            new ConfigKey("master", "local[*]",
                    "Spark master when not set by spark-submit (spark-submit's --master wins)."),
            new ConfigKey("partitions", "0", "Training-set partitions; 0 = the context's default parallelism."),
            new ConfigKey("input.storage", "auto", "How the training set is held: memory (cached shards, epoch "
                    + "order a global shuffle; refused before reading when the IDX sets do not fit Spark's storage "
                    + "memory), blocks (out of core, IDX only: fixed-size blocks read sequentially from the files one "
                    + "window at a time, never per step; two-level epoch order) or auto (blocks when the IDX training "
                    + "set's bytes exceed input.memoryLimitMb, or when it and the test set do not fit Spark's storage "
                    + "memory). The run's config records the choice. docs/mnist8m.md."),
            new ConfigKey("input.memoryLimitMb", "1024",
                    "input.storage=auto: largest IDX training set (MB of pixels and labels) kept in memory, however "
                    + "much storage memory Spark has."),
            new ConfigKey("input.blockSize", "16384", "Out of core: samples per block (the unit read, cached and "
                    + "dropped; 16384 MNIST samples = 12.8 MB)."),
            new ConfigKey("input.window", "8", "Out of core: blocks per window of the two-level order (samples are "
                    + "shuffled within a window; an executor holds at most two windows' blocks)."),
            new ConfigKey("treeDepth", "2", "Depth of treeAggregate when summing gradients."),
            new ConfigKey("kernel", "auto", "Matrix kernel: auto (vector when the JVM has --add-modules "
                    + "jdk.incubator.vector, which scripts/dpnet passes, else java), vector (register-blocked SIMD on "
                    + "the JDK Vector API), java (plain loops) or ejml (EJML reference)."),
            new ConfigKey("data.dir", "data/mnist",
                    "Directory with the train-/t10k- images-idx3-ubyte and labels-idx1-ubyte IDX files (raw or .gz); "
                    + "any Hadoop path."),
            new ConfigKey("data.train.images", "", "Training images file; default: from data.dir."),
            new ConfigKey("data.train.labels", "", "Training labels file; default: from data.dir."),
            new ConfigKey("data.test.images", "", "Test images file; default: from data.dir."),
            new ConfigKey("data.test.labels", "", "Test labels file; default: from data.dir."),
            new ConfigKey("data.format", "idx", "Input format: idx (the data.dir / data.*.images keys), libsvm, csv "
                    + "or parquet (the data.train / data.test keys)."),
            new ConfigKey("data.train", "",
                    "Training data for libsvm, csv or parquet: a file, directory or glob (any Hadoop path)."),
            new ConfigKey("data.test", "", "Test data for libsvm, csv or parquet, like data.train."),
            new ConfigKey("data.features", "0",
                    "Features per sample in libsvm/csv/parquet inputs; 0 = the model's input size, which it must equal."),
            new ConfigKey("data.csv.header", "false", "csv: the first line of every file is a header."),
            new ConfigKey("data.csv.label", "0",
                    "csv: the label column, a 0-based index or (with a header) a name; every other column is a feature."),
            new ConfigKey("data.csv.delimiter", ",", "csv: the field delimiter, one character or 'tab'."),
            new ConfigKey("data.featuresCol", "features",
                    "parquet: the features column, an ML vector or an array of numbers."),
            new ConfigKey("data.labelCol", "label", "parquet, and tabular csv: the label column (integer classes "
                    + "0..classes-1, or the target with task=regression)."),
            new ConfigKey("data.numericCols", "", "Tabular csv (with a header)/parquet: numeric feature columns, "
                    + "standardized with the training set's mean and standard deviation (saved in the model)."),
            new ConfigKey("data.categoricalCols", "", "Tabular: categorical columns, one embedding each. String "
                    + "columns get a vocabulary from the training set (most frequent first, ties by value; saved in "
                    + "the model); integer columns are ids 0..size-1 (see embedding.vocabularySizes)."),
            new ConfigKey("data.tokensCol", "", "Tabular: a text column (lowercased, split on anything but letters "
                    + "and digits, the tokens.vocabularySize most frequent tokens kept) or an array<int> column of "
                    + "token ids; pooled into one embedding (tokens.pooling)."),
            new ConfigKey("data.weightCol", "", "Tabular: a per-row sample weight column (finite, >= 0); empty = "
                    + "all rows weigh 1."),
            new ConfigKey("embedding.dim", "16", "Tabular: the embedding dimension of every categorical column."),
            new ConfigKey("embedding.dims", "", "Tabular: per-column dimensions overriding embedding.dim, e.g. "
                    + "user:32,country:4."),
            new ConfigKey("embedding.maxVocabulary", "0", "Tabular: keep at most this many values of a string "
                    + "categorical column (the most frequent); 0 = all. Needs embedding.oov=unknown."),
            new ConfigKey("embedding.vocabularySizes", "", "Tabular: sizes of integer categorical columns, e.g. "
                    + "shop:1000 (ids 0..999); a column not listed gets its largest training id + 1."),
            new ConfigKey("embedding.oov", "error", "Tabular: a categorical value (or token id) outside the "
                    + "vocabulary stops with an error naming the row (error) or maps to a reserved, trained "
                    + "unknown row (unknown). Unseen words of a text column always map to the unknown row."),
            new ConfigKey("tokens.vocabularySize", "20000", "data.tokensCol: text keeps this many most frequent "
                    + "tokens; an array<int> column holds ids 0..this-1."),
            new ConfigKey("tokens.dim", "32", "data.tokensCol: the token embedding dimension."),
            new ConfigKey("tokens.pooling", "mean", "data.tokensCol: mean or sum of the token embeddings "
                    + "(padding never counts; an empty bag pools to zeros)."),
            new ConfigKey("tokens.paddingId", "-1", "data.tokensCol of ids: this id is padding and is skipped."),
            new ConfigKey("validation.fraction", "0",
                    "Hold out this seeded fraction of the training set; it is evaluated every epoch "
                    + "(valLoss, valAccuracy in metrics.jsonl)."),
            new ConfigKey("validation.path", "",
                    "A separate validation set: for idx a directory in the MNIST layout (its t10k-* files) or "
                    + "'IMAGES,LABELS'; for other formats a path like data.test."),
            new ConfigKey("earlyStopping.patience", "0",
                    "Stop after this many epochs without validation improvement (0 = never); the best epoch's "
                    + "weights become the model."),
            new ConfigKey("earlyStopping.metric", "valLoss", "valLoss (lower is better) or valAccuracy."),
            new ConfigKey("earlyStopping.minDelta", "0", "The smallest change that counts as an improvement."),
            new ConfigKey("evalEvery", "1", "Evaluate on the test set every N epochs (0 = only at the end)."),
            new ConfigKey("checkpoint.every", "0",
                    "Checkpoint interval: 'N epochs' (or just N) or 'N steps'; 0 = no checkpoints."),
            new ConfigKey("checkpoint.keep", "2", "How many of the newest checkpoints to keep."),
            new ConfigKey("sync", "sync", "sync (average the partitions' gradients every step; how the steps "
                    + "run: sync.engine) or average (local SGD: sync.localSteps local steps per partition, then average "
                    + "the parameters and optimizer state)."),
            new ConfigKey("sync.localSteps", "1",
                    "sync=average: local steps each partition takes between two parameter averages "
                    + "(one Spark job per this many steps)."),
            new ConfigKey("sync.localAfterEpochs", "0", "sync=average: train the first this many epochs "
                    + "synchronously, then locally (post-local SGD; 2 keeps accuracy on 16 partitions, "
                    + "see docs/local-sgd.md)."),
            new ConfigKey("sync.pipeline", "false", "Synchronous steps: submit step t+1's Spark job before step "
                    + "t's result is back (two steps in flight), hiding Spark's per-job latency; step t+1's "
                    + "gradient is then taken at the weights before step t's update (a one-step delay; still "
                    + "deterministic and independent of the partition count, see docs/design.md)."),
            new ConfigKey("sync.engine", "auto", "How synchronous steps run: jobs (one Spark job per step), "
                    + "resident (one barrier job per epoch whose tasks stay and exchange gradient sums and "
                    + "weights with the driver - in memory in local mode, over Spark RPC on a cluster: the same "
                    + "weights without a job's latency per step; needs partitions <= task slots, in-memory "
                    + "input, no dynamic allocation, not with sync.pipeline) or auto (resident where it "
                    + "applies, else jobs; see docs/design.md)."));

    private static final Map<String, ConfigKey> BY_NAME = index();

    /**
     * A library default as a config value: {@code 5} not {@code 5.0}, {@code 1e-8} not {@code 1.0E-8}.
     * The optimizer and schedule classes own these defaults; the table only spells them.
     */
    static String spelled(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).replace(".0E", "e").replace("E", "e");
    }

    private final Map<String, String> values;
    // The typed sections, parsed once (validate() checks every key first, so these cannot fail).
    private final transient ModelSpec modelSpec;
    private final transient TrainingPlan plan;
    private final transient DataConfig data;
    private final transient CheckpointPolicy checkpoint;
    private final transient TabularConfig tabular;

    private TrainConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        validate();
        this.modelSpec = parseModelSpec();
        this.plan = new TrainingPlan(modelSpec, parseDropout(), parseInit(), parseOptimizerSpec(), parseSchedule(),
                integer("epochs"), integer("batchSize"), parseSeed(), parseSyncMode(), integer("sync.localSteps"),
                integer("sync.localAfterEpochs"), integer("evalEvery"), number("validation.fraction"),
                new EarlyStopping.Policy(integer("earlyStopping.patience"), get("earlyStopping.metric"),
                        number("earlyStopping.minDelta")),
                get("kernel"), integer("treeDepth"), bool("sync.pipeline"), parseStepEngine());
        this.data = new DataConfig(parseDataFormat(), get("data.dir"), get("data.train.images"),
                get("data.train.labels"), get("data.test.images"), get("data.test.labels"), get("data.train"),
                get("data.test"), get("validation.path"));
        this.checkpoint = new CheckpointPolicy(parseCheckpointInterval(), integer("checkpoint.keep"));
        this.tabular = TabularKeys.parse(this::get, isTabular(), parseModelSpec());
    }

    /** The tabular section, or null when no tabular column is configured (images, libsvm, plain csv/parquet). */
    public TabularConfig tabular() {
        return tabular;
    }

    private boolean isTabular() {
        return !get("data.numericCols").isEmpty() || !get("data.categoricalCols").isEmpty()
                || !get("data.tokensCol").isEmpty();
    }

    /** The training loop's settings. */
    public TrainingPlan plan() {
        return plan;
    }

    /** Where the training, test and validation data are. */
    public DataConfig data() {
        return data;
    }

    public CheckpointPolicy checkpoint() {
        return checkpoint;
    }

    /** {@code lr.scaling}'s value, for the start-up line. */
    public String learningRateScaling() {
        return get("lr.scaling");
    }

    /** The documented defaults. */
    public static TrainConfig defaults() {
        return of(new Properties(), List.of());
    }

    /** Defaults, overlaid by {@code file} (may be empty), then by {@code key=value} overrides. */
    public static TrainConfig of(Properties file, List<String> overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        for (ConfigKey k : KEYS) {
            v.put(k.name(), k.defaultValue());
        }
        for (String name : file.stringPropertyNames()) {
            v.put(checkKnown(name, "the config file"), file.getProperty(name).trim());
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set expects key=value, got '" + o + "'");
            }
            v.put(checkKnown(o.substring(0, eq).trim(), "--set"), o.substring(eq + 1).trim());
        }
        return new TrainConfig(v);
    }

    /** This config with more overrides applied. */
    public TrainConfig with(String... overrides) {
        Properties p = new Properties();
        p.putAll(values);
        return of(p, Arrays.asList(overrides));
    }

    private static String checkKnown(String name, String where) {
        if (!BY_NAME.containsKey(name)) {
            String hint = Suggest.closest(name, BY_NAME.keySet());
            throw new ConfigException("unknown config key '" + name + "' in " + where
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                    + "; run 'dpnet train --help' for the list of keys");
        }
        return name;
    }

    private void validate() {
        parseModelSpec();
        parseDropout();
        parseOptimizerSpec();
        parseInit();
        positive("epochs");
        positive("batchSize");
        positive("lr.referenceBatch");
        learningRateScale();
        parseSchedule();
        parseSyncMode();
        bool("sync.pipeline");
        parseStepEngine();
        parseSeed();
        nonNegative("partitions");
        if (integer("treeDepth") < 1) {
            throw new ConfigException("treeDepth must be at least 1, got " + get("treeDepth"));
        }
        nonNegative("evalEvery");
        blockPolicy();
        parseCheckpointInterval();
        double fraction = number("validation.fraction");
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ConfigException("validation.fraction must be in [0, 1), got " + get("validation.fraction"));
        }
        if (fraction > 0 && !get("validation.path").isEmpty()) {
            throw new ConfigException("set validation.fraction or validation.path, not both");
        }
        nonNegative("earlyStopping.patience");
        if (integer("earlyStopping.patience") > 0 && !hasValidation()) {
            throw new ConfigException("earlyStopping.patience needs a validation set: set validation.fraction or "
                    + "validation.path");
        }
        if (!List.of("valLoss", "valAccuracy").contains(get("earlyStopping.metric"))) {
            throw new ConfigException("earlyStopping.metric must be valLoss or valAccuracy, got '"
                    + get("earlyStopping.metric") + "'");
        }
        if (integer("earlyStopping.patience") > 0 && get("earlyStopping.metric").equals("valLoss")
                && parseModelSpec().output().activation().kind() != io.dpnet.nn.Activation.Kind.SOFTMAX) {
            // The validation loss is the log-loss of softmax probabilities; without them it is NaN,
            // which early stopping would count as an improvement every epoch.
            throw new ConfigException("earlyStopping.metric=valLoss needs a softmax output layer (the validation "
                    + "loss is a log-loss) but the last layer uses " + parseModelSpec().output().activation()
                    + "; set earlyStopping.metric=valAccuracy");
        }
        if (!(number("earlyStopping.minDelta") >= 0)) {
            throw new ConfigException("earlyStopping.minDelta must be zero or positive, got "
                    + get("earlyStopping.minDelta"));
        }
        positive("checkpoint.keep");
        dataKeys();
        TabularKeys.validate(this::get, isTabular(), parseDataFormat(), parseModelSpec(), BY_NAME);
        io.dpnet.nn.Gemm.create(get("kernel"));
        if (get("master").isEmpty()) {
            throw new ConfigException("master must not be empty");
        }
    }

    /** Format-specific keys only make sense with their format; a mix is a mistake worth stopping. */
    private void dataKeys() {
        DataFormat format = parseDataFormat();
        if (format == DataFormat.IDX) {
            for (String k : List.of("data.train", "data.test")) {
                if (!get(k).isEmpty()) {
                    throw new ConfigException(k + " is for data.format libsvm, csv or parquet; with data.format=idx "
                            + "name the files with data.dir or data.train.images/labels, data.test.images/labels");
                }
            }
        } else {
            for (String k : List.of("data.train.images", "data.train.labels", "data.test.images", "data.test.labels")) {
                if (!get(k).isEmpty()) {
                    throw new ConfigException(k + " is for data.format=idx; with data.format=" + format.key()
                            + " use data.train and data.test");
                }
            }
            for (String k : List.of("data.train", "data.test")) {
                if (get(k).isEmpty()) {
                    throw new ConfigException("data.format=" + format.key() + " needs " + k
                            + " (a file, directory or glob)");
                }
            }
        }
        int features = integer("data.features");
        if (features < 0 || (features > 0 && !isTabular() && features != parseModelSpec().inputSize())) {
            throw new ConfigException("data.features=" + features + " does not match the model's input size "
                    + parseModelSpec().inputSize() + " (the first of layers=" + get("layers") + ")");
        }
        onlyFor(DataFormat.CSV, format, "data.csv.header", "data.csv.label", "data.csv.delimiter");
        onlyFor(DataFormat.PARQUET, format, "data.featuresCol");
        if (!isTabular()) {
            onlyFor(DataFormat.PARQUET, format, "data.labelCol");
        }
        bool("data.csv.header");
        try {
            CsvLayout.delimiter(get("data.csv.delimiter"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.csv.delimiter: " + e.getMessage());
        }
    }

    private void onlyFor(DataFormat owner, DataFormat format, String... keys) {
        if (format == owner) {
            return;
        }
        for (String k : keys) {
            if (!get(k).equals(BY_NAME.get(k).defaultValue())) {
                throw new ConfigException(k + " only applies to data.format=" + owner.key() + ", but data.format is "
                        + format.key());
            }
        }
    }

    private DataFormat parseDataFormat() {
        try {
            return DataFormat.parse(get("data.format"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.format: " + e.getMessage());
        }
    }

    /** How to read {@code path} (data.train, data.test or validation.path) in a non-IDX format. */
    public InputSpec input(String path) {
        return new InputSpec(dataFormat(), path, modelSpec().inputSize(), bool("data.csv.header"),
                get("data.csv.label"), CsvLayout.delimiter(get("data.csv.delimiter")), get("data.featuresCol"),
                get("data.labelCol"), "");
    }

    private String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no such config key: " + key);
        }
        return v;
    }

    /** All keys with their resolved values, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    public DataFormat dataFormat() {
        return data.format();
    }

    public ModelSpec modelSpec() {
        return modelSpec;
    }

    private ModelSpec parseModelSpec() {
        // Tabular models may start layers with 'auto' (the input block's width, known once the
        // data is read); a placeholder 1 validates the rest, and the run substitutes the width.
        boolean auto = !list("layers").isEmpty() && list("layers").get(0).equals(TabularKeys.AUTO);
        if (auto && !isTabular()) {
            throw new ConfigException("layers: 'auto' as the input width needs tabular columns (data.numericCols, "
                    + "data.categoricalCols or data.tokensCol)");
        }
        int[] sizes = auto ? intList("layers", 1) : intList("layers", 0);
        if (auto) {
            sizes[0] = 1;
        }
        List<Activation> acts = new ArrayList<>();
        for (String a : list("activations")) {
            try {
                acts.add(Activation.parse(a));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("activations: " + e.getMessage());
            }
        }
        try {
            // huber is a regression loss of the tabular objective; the dense spec records its family, mse.
            String loss = get("loss").equals("huber") ? "mse" : get("loss");
            return ModelSpec.of(sizes, acts, LossKind.parse(loss));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("layers/activations/loss: " + e.getMessage());
        }
    }

    /** The training-time dropout of {@link #modelSpec()} (inactive when {@code dropout} is empty). */
    public io.dpnet.nn.Dropout dropout() {
        return plan.dropout();
    }

    private io.dpnet.nn.Dropout parseDropout() {
        try {
            return io.dpnet.nn.Dropout.parse(parseModelSpec(), get("dropout"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public OptimizerSpec optimizerSpec() {
        return plan.optimizer();
    }

    private OptimizerSpec parseOptimizerSpec() {
        try {
            return OptimizerSpec.builder(OptimizerSpec.Kind.parse(get("optimizer")))
                    .learningRate(number("learningRate"))
                    .momentum(number("momentum"))
                    .nesterov(bool("nesterov"))
                    .beta1(number("beta1"))
                    .beta2(number("beta2"))
                    .epsilon(number("epsilon"))
                    .weightDecay(number("weightDecay"))
                    .larsTrust(number("lars.trust"))
                    .layers(io.dpnet.optim.LayerSegments.of(parseModelSpec()))
                    .build();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The learning-rate schedule for a run of {@code epochs()} epochs of {@code stepsPerEpoch} steps,
     * with {@code learningRate} and {@code lr.minRate} multiplied by {@link #learningRateScale()}.
     */
    public io.dpnet.optim.LearningRateSchedule schedule(long stepsPerEpoch) {
        return plan.schedule().build(stepsPerEpoch, plan.epochs());
    }

    private ScheduleSpec parseSchedule() {
        double scale = learningRateScale();
        // The optimizer's learning rate is the one the schedule starts from (before lr.scaling).
        ScheduleSpec spec = new ScheduleSpec(get("lr.schedule"), parseOptimizerSpec().learningRate() * scale,
                number("lr.gamma"),
                number("lr.stepEpochs"), number("lr.minRate") * scale, number("lr.warmupEpochs"));
        try {
            spec.build(1, integer("epochs"));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return spec;
    }

    /**
     * The factor {@code lr.scaling} applies to the schedule: 1 ({@code none}),
     * {@code batchSize/lr.referenceBatch} ({@code linear}: Goyal et al.'s rule — k times the batch
     * averages k times fewer gradient estimates per epoch, so each step may go k times as far; pair
     * it with {@code lr.warmupEpochs}) or its square root ({@code sqrt}: keeps the update's noise
     * level; the usual choice for Adam, whose steps are already normalized).
     */
    public double learningRateScale() {
        double ratio = (double) integer("batchSize") / integer("lr.referenceBatch");
        return switch (get("lr.scaling")) {
            case "none" -> 1;
            case "linear" -> ratio;
            case "sqrt" -> Math.sqrt(ratio);
            default -> throw new ConfigException("lr.scaling must be none, linear or sqrt, got '"
                    + get("lr.scaling") + "'");
        };
    }

    /** The base rate the schedule actually starts from (after warmup): {@code learningRate × learningRateScale()}. */
    public double effectiveLearningRate() {
        return number("learningRate") * learningRateScale();
    }

    public SyncMode syncMode() {
        return plan.sync();
    }

    private SyncMode parseSyncMode() {
        SyncMode mode = switch (get("sync")) {
            case "sync" -> SyncMode.SYNC;
            case "average" -> SyncMode.AVERAGE;
            default -> throw new ConfigException("sync must be sync or average, got '" + get("sync") + "'");
        };
        positive("sync.localSteps");
        if (mode == SyncMode.SYNC && integer("sync.localSteps") != 1) {
            throw new ConfigException("sync.localSteps=" + get("sync.localSteps")
                    + " needs sync=average (sync=sync averages gradients every step)");
        }
        nonNegative("sync.localAfterEpochs");
        if (mode == SyncMode.SYNC && integer("sync.localAfterEpochs") != 0) {
            throw new ConfigException("sync.localAfterEpochs=" + get("sync.localAfterEpochs")
                    + " needs sync=average (with sync=sync every epoch is synchronous)");
        }
        return mode;
    }

    private TrainingPlan.StepEngine parseStepEngine() {
        TrainingPlan.StepEngine engine = switch (get("sync.engine")) {
            case "auto" -> TrainingPlan.StepEngine.AUTO;
            case "jobs" -> TrainingPlan.StepEngine.JOBS;
            case "resident" -> TrainingPlan.StepEngine.RESIDENT;
            default -> throw new ConfigException("sync.engine must be auto, jobs or resident, got '"
                    + get("sync.engine") + "'");
        };
        // The resident engine runs plain synchronous steps only; say so now rather than mid-run.
        if (engine == TrainingPlan.StepEngine.RESIDENT && bool("sync.pipeline")) {
            throw new ConfigException("sync.engine=resident runs plain synchronous steps; it cannot be combined "
                    + "with sync.pipeline=true (use sync.engine=jobs or drop sync.pipeline)");
        }
        if (engine == TrainingPlan.StepEngine.RESIDENT && !"sync".equals(get("sync"))) {
            throw new ConfigException("sync.engine=resident needs sync=sync, got sync=" + get("sync"));
        }
        return engine;
    }

    /** Local steps between parameter averages (1 for {@code sync=sync}). */
    public int localSteps() {
        return plan.localSteps();
    }

    public Init init() {
        return plan.init();
    }

    private Init parseInit() {
        try {
            return Init.parse(get("init"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public int epochs() {
        return plan.epochs();
    }

    public int batchSize() {
        return plan.batchSize();
    }

    public long seed() {
        return plan.seed();
    }

    private long parseSeed() {
        try {
            return Long.parseLong(get("seed"));
        } catch (NumberFormatException e) {
            throw new ConfigException("seed must be an integer, got '" + get("seed") + "'");
        }
    }

    public int partitions() {
        return integer("partitions");
    }

    /** How the training set is held: the {@code input.*} keys. */
    public BlockPolicy blockPolicy() {
        BlockPolicy.Storage storage = switch (get("input.storage")) {
            case "auto" -> BlockPolicy.Storage.AUTO;
            case "memory" -> BlockPolicy.Storage.MEMORY;
            case "blocks" -> BlockPolicy.Storage.BLOCKS;
            default -> throw new ConfigException("input.storage must be auto, memory or blocks, got '"
                    + get("input.storage") + "'");
        };
        positive("input.blockSize");
        positive("input.window");
        positive("input.memoryLimitMb");
        return new BlockPolicy(storage, integer("input.blockSize"), integer("input.window"),
                integer("input.memoryLimitMb") * 1_000_000L);
    }

    public int treeDepth() {
        return plan.treeDepth();
    }

    public String kernel() {
        return plan.kernel();
    }

    public String master() {
        return get("master");
    }

    public int evalEvery() {
        return plan.evalEvery();
    }

    public boolean hasValidation() {
        return number("validation.fraction") > 0 || !get("validation.path").isEmpty();
    }

    /** How often to checkpoint: every {@code count} steps or epochs; {@code count == 0} means never. */
    public record CheckpointInterval(long count, boolean steps) {
        public boolean enabled() {
            return count > 0;
        }
    }

    public CheckpointInterval checkpointInterval() {
        return checkpoint.interval();
    }

    private CheckpointInterval parseCheckpointInterval() {
        String v = get("checkpoint.every").trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(steps?|epochs?)?").matcher(v);
        if (!m.matches()) {
            throw new ConfigException("checkpoint.every must be like '2 epochs', '500 steps' or 0, got '"
                    + get("checkpoint.every") + "'");
        }
        long count = Long.parseLong(m.group(1));
        return new CheckpointInterval(count, m.group(2) != null && m.group(2).startsWith("step"));
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + get(key) + "'");
        }
    }

    private double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, got '" + get(key) + "'");
        }
    }

    private boolean bool(String key) {
        String v = get(key).toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(key + " must be true or false, got '" + get(key) + "'");
        }
        return v.equals("true");
    }

    private void positive(String key) {
        if (integer(key) <= 0) {
            throw new ConfigException(key + " must be a positive integer, got " + get(key));
        }
    }

    private void nonNegative(String key) {
        if (integer(key) < 0) {
            throw new ConfigException(key + " must be zero or a positive integer, got " + get(key));
        }
    }

    private List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String s : get(key).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private int[] intList(String key) {
        return intList(key, 0);
    }

    /** The comma-separated integers of {@code key}, from index {@code from} on (earlier entries left 0). */
    private int[] intList(String key, int from) {
        List<String> parts = list(key);
        int[] out = new int[parts.size()];
        for (int i = from; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(parts.get(i));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be comma-separated integers, got '" + get(key) + "'");
            }
            if (out[i] <= 0) {
                throw new ConfigException(key + " sizes must be positive, got '" + get(key) + "'");
            }
        }
        return out;
    }

    private static Map<String, ConfigKey> index() {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : KEYS) {
            m.put(k.name(), k);
        }
        return m;
    }

    /** Java deserialization restores the string map only: parse the typed sections again. */
    private Object readResolve() {
        return new TrainConfig(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
