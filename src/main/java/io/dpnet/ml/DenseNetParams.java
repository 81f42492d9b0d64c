package io.dpnet.ml;

import io.dpnet.config.ConfigException;
import io.dpnet.config.ConfigKey;
import io.dpnet.config.TrainConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The training params of {@link DenseNetClassifier}, each bound to one {@link TrainConfig} key:
 * the param's doc is the key's documentation, its default is the key's value in the synchronous
 * form of {@code conf/mnist.properties} (see {@link #MNIST_JOB}), and {@link #toTrainConfig} turns the param values
 * into the config the CLI would build, validated by the same code. Public only as the opaque
 * handle {@link DenseNetTrainingParams#denseNetParams} returns; nothing outside this package
 * can read or build one.
 */
public final class DenseNetParams implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * conf/mnist.properties' departures from TrainConfig's defaults, except its large-batch recipe
     * (LAMB, batch 1024, 1-epoch warmup): a Pipeline stage does not know its data's size, and a
     * batch of 1024 is a handful of steps per epoch on a small DataFrame, so the API stays at Adam,
     * batch 128. Both are synchronous SGD (the same weights on any partition count); local SGD
     * stays opt-in through setSync("average").
     */
    private static final String[] MNIST_JOB = {"epochs=8", "lr.schedule=cosine"};

    /** How a param's value is written as a config value and read back from one. */
    private enum Kind {
        INTS(v -> Arrays.stream((int[]) v).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                s -> splitList(s).stream().mapToInt(Integer::parseInt).toArray()),
        STRINGS(v -> String.join(",", (String[]) v), s -> splitList(s).toArray(String[]::new)),
        DOUBLES(v -> Arrays.stream((double[]) v).mapToObj(Double::toString).collect(Collectors.joining(",")),
                s -> splitList(s).stream().mapToDouble(Double::parseDouble).toArray()),
        DOUBLE(Object::toString, Double::parseDouble),
        INT(Object::toString, Integer::parseInt),
        LONG(Object::toString, Long::parseLong),
        BOOLEAN(Object::toString, Boolean::parseBoolean),
        STRING(Object::toString, s -> s);

        final Function<Object, String> format;
        final Function<String, Object> parse;

        Kind(Function<Object, String> format, Function<String, Object> parse) {
            this.format = format;
            this.parse = parse;
        }
    }

    private record Binding(Param<?> param, String key, Kind kind) implements Serializable {
    }

    private final List<Binding> bindings = new ArrayList<>();

    final IntArrayParam layers;
    final StringArrayParam activations;
    final Param<String> loss;
    final Param<String> init;
    final DoubleArrayParam dropout;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final Param<String> lrSchedule;
    final DoubleParam lrGamma;
    final DoubleParam lrStepEpochs;
    final DoubleParam lrMinRate;
    final DoubleParam lrWarmupEpochs;
    final Param<String> lrScaling;
    final IntParam lrReferenceBatch;
    final Param<String> sync;
    final IntParam syncLocalSteps;
    final IntParam syncLocalAfterEpochs;
    final DoubleParam momentum;
    final BooleanParam nesterov;
    final DoubleParam beta1;
    final DoubleParam beta2;
    final DoubleParam epsilon;
    final DoubleParam weightDecay;
    final IntParam epochs;
    final IntParam batchSize;
    final LongParam seed;
    final IntParam partitions;
    final IntParam treeDepth;
    final Param<String> kernel;
    final DoubleParam validationFraction;
    final IntParam earlyStoppingPatience;
    final Param<String> earlyStoppingMetric;

    /** The params of {@code owner} (whose {@code uid()} must already be known). */
    DenseNetParams(Params owner) {
        String uid = owner.uid();
        layers = bind(new IntArrayParam(owner, "layers", doc("layers")), "layers", Kind.INTS);
        activations = bind(new StringArrayParam(owner, "activations", doc("activations")), "activations",
                Kind.STRINGS);
        loss = bind(new Param<>(uid, "loss", doc("loss")), "loss", Kind.STRING);
        init = bind(new Param<>(uid, "init", doc("init")), "init", Kind.STRING);
        dropout = bind(new DoubleArrayParam(owner, "dropout", doc("dropout")), "dropout", Kind.DOUBLES);
        optimizer = bind(new Param<>(uid, "optimizer", doc("optimizer")), "optimizer", Kind.STRING);
        learningRate = bind(new DoubleParam(uid, "learningRate", doc("learningRate")), "learningRate", Kind.DOUBLE);
        lrSchedule = bind(new Param<>(uid, "lrSchedule", doc("lr.schedule")), "lr.schedule", Kind.STRING);
        lrGamma = bind(new DoubleParam(uid, "lrGamma", doc("lr.gamma")), "lr.gamma", Kind.DOUBLE);
        lrStepEpochs = bind(new DoubleParam(uid, "lrStepEpochs", doc("lr.stepEpochs")), "lr.stepEpochs",
                Kind.DOUBLE);
        lrMinRate = bind(new DoubleParam(uid, "lrMinRate", doc("lr.minRate")), "lr.minRate", Kind.DOUBLE);
        lrWarmupEpochs = bind(new DoubleParam(uid, "lrWarmupEpochs", doc("lr.warmupEpochs")), "lr.warmupEpochs",
                Kind.DOUBLE);
        lrScaling = bind(new Param<>(uid, "lrScaling", doc("lr.scaling")), "lr.scaling", Kind.STRING);
        lrReferenceBatch = bind(new IntParam(uid, "lrReferenceBatch", doc("lr.referenceBatch")), "lr.referenceBatch",
                Kind.INT);
        sync = bind(new Param<>(uid, "sync", doc("sync")), "sync", Kind.STRING);
        syncLocalSteps = bind(new IntParam(uid, "syncLocalSteps", doc("sync.localSteps")), "sync.localSteps",
                Kind.INT);
        syncLocalAfterEpochs = bind(new IntParam(uid, "syncLocalAfterEpochs", doc("sync.localAfterEpochs")),
                "sync.localAfterEpochs", Kind.INT);
        momentum = bind(new DoubleParam(uid, "momentum", doc("momentum")), "momentum", Kind.DOUBLE);
        nesterov = bind(new BooleanParam(uid, "nesterov", doc("nesterov")), "nesterov", Kind.BOOLEAN);
        beta1 = bind(new DoubleParam(uid, "beta1", doc("beta1")), "beta1", Kind.DOUBLE);
        beta2 = bind(new DoubleParam(uid, "beta2", doc("beta2")), "beta2", Kind.DOUBLE);
        epsilon = bind(new DoubleParam(uid, "epsilon", doc("epsilon")), "epsilon", Kind.DOUBLE);
        weightDecay = bind(new DoubleParam(uid, "weightDecay", doc("weightDecay")), "weightDecay", Kind.DOUBLE);
        epochs = bind(new IntParam(uid, "epochs", doc("epochs")), "epochs", Kind.INT);
        batchSize = bind(new IntParam(uid, "batchSize", doc("batchSize")), "batchSize", Kind.INT);
        seed = bind(new LongParam(uid, "seed", doc("seed")), "seed", Kind.LONG);
        partitions = bind(new IntParam(uid, "partitions", doc("partitions")), "partitions", Kind.INT);
        treeDepth = bind(new IntParam(uid, "treeDepth", doc("treeDepth")), "treeDepth", Kind.INT);
        kernel = bind(new Param<>(uid, "kernel", doc("kernel")), "kernel", Kind.STRING);
        validationFraction = bind(new DoubleParam(uid, "validationFraction", doc("validation.fraction")),
                "validation.fraction", Kind.DOUBLE);
        earlyStoppingPatience = bind(new IntParam(uid, "earlyStoppingPatience", doc("earlyStopping.patience")),
                "earlyStopping.patience", Kind.INT);
        earlyStoppingMetric = bind(new Param<>(uid, "earlyStoppingMetric", doc("earlyStopping.metric")),
                "earlyStopping.metric", Kind.STRING);
    }

    private <P extends Param<?>> P bind(P param, String key, Kind kind) {
        bindings.add(new Binding(param, key, kind));
        return param;
    }

    private static String doc(String key) {
        for (ConfigKey k : TrainConfig.KEYS) {
            if (k.name().equals(key)) {
                return k.description() + " (config key " + key + ")";
            }
        }
        throw new IllegalArgumentException("no config key " + key);
    }

    /** Sets every param's default (see {@link #MNIST_JOB}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void setDefaults(Params owner) {
        TrainConfig job = TrainConfig.defaults().with(MNIST_JOB);
        for (Binding b : bindings) {
            owner.setDefault((Param) b.param, b.kind.parse.apply(job.asMap().get(b.key)));
        }
    }

    /**
     * The training config these params describe on {@code owner}, validated exactly as the CLI
     * validates a properties file; problems are reported with the param names.
     *
     * @throws IllegalArgumentException naming the offending param
     */
    TrainConfig toTrainConfig(Params owner) {
        return toTrainConfig(owner, java.util.Map.of());
    }

    /**
     * As {@link #toTrainConfig(Params)}, with some keys' values replaced (the regressor's
     * {@code loss=huber} is no dense-path loss: it trains the config's {@code mse} and passes
     * Huber to the block trainer itself).
     */
    TrainConfig toTrainConfig(Params owner, java.util.Map<String, String> overrides) {
        Properties p = new Properties();
        for (Binding b : bindings) {
            p.setProperty(b.key, b.kind.format.apply(owner.getOrDefault(b.param)));
        }
        overrides.forEach(p::setProperty);
        try {
            return TrainConfig.of(p, List.of());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(owner.getClass().getSimpleName() + ": " + withParamNames(e.getMessage()), e);
        }
    }

    /** Rewrites config key names (lr.schedule) to the param names users set (lrSchedule). */
    private String withParamNames(String message) {
        String m = message;
        for (Binding b : bindings) {
            if (!b.key.equals(b.param.name())) {
                m = m.replace(b.key, b.param.name());
            }
        }
        return m;
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
