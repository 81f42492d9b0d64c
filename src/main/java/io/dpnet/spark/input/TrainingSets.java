package io.dpnet.spark.input;

import io.dpnet.config.ConfigException;
import io.dpnet.config.DataConfig;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.BlockPolicy;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.StorageFit;
import io.dpnet.nn.ModelSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A run's training, test and (optional) validation sets in the config's {@code data.format}, each
 * a {@link LabeledSource}: checked before Spark starts (IDX headers, or that the paths hold files),
 * loaded into shards once the context is up.
 */
public final class TrainingSets {
    /** The loaded sets; {@code validation} is null without a separate validation set. */
    public record Loaded(ShardedData train, ShardedData test, ShardedData validation) {
    }

    private final ModelSpec spec;
    private final LabeledSource train;
    private final LabeledSource test;
    /** Null without a separate validation set. */
    private final LabeledSource validation;
    /** How the training set is held (in memory or out of core); the other sets are always in memory. */
    private BlockPolicy policy = BlockPolicy.memory();
    /** validation.fraction > 0: the split needs the training set in memory. */
    private boolean heldOut;
    /** Set by {@link #load}: why input.storage=auto chose blocks, or null. */
    private String autoChoice;

    private TrainingSets(ModelSpec spec, LabeledSource train, LabeledSource test, LabeledSource validation) {
        this.spec = spec;
        this.train = train;
        this.test = test;
        this.validation = validation;
    }

    public static TrainingSets open(Configuration hadoop, TrainConfig config) throws IOException {
        TrainingSets sets = openSets(hadoop, config);
        sets.policy = config.blockPolicy();
        sets.heldOut = config.plan().validationFraction() > 0;
        if (sets.policy.storage() == BlockPolicy.Storage.BLOCKS && sets.train.format() != DataFormat.IDX) {
            throw new ConfigException("input.storage=blocks reads IDX files only; data.format is "
                    + sets.train.format().key());
        }
        return sets;
    }

    private static TrainingSets openSets(Configuration hadoop, TrainConfig config) throws IOException {
        ModelSpec spec = config.modelSpec();
        DataConfig data = config.data();
        int classes = spec.outputSize();
        if (data.format() == DataFormat.IDX) {
            LabeledSource train = LabeledSource.idx(hadoop,
                    orDefault(data.trainImages(), () -> IdxLayout.images(hadoop, data.dir(), "train")),
                    orDefault(data.trainLabels(), () -> IdxLayout.labels(hadoop, data.dir(), "train")), classes);
            LabeledSource test = LabeledSource.idx(hadoop,
                    orDefault(data.testImages(), () -> IdxLayout.images(hadoop, data.dir(), "test")),
                    orDefault(data.testLabels(), () -> IdxLayout.labels(hadoop, data.dir(), "test")), classes);
            if (train.knownFeatures() != spec.inputSize() || test.knownFeatures() != spec.inputSize()) {
                throw new ConfigException("the model's input layer takes " + spec.inputSize() + " features but "
                        + train.describeFeatures() + " and " + test.path() + " has " + test.knownFeatures());
            }
            LabeledSource validation = null;
            String v = data.validationPath();
            if (!v.isEmpty()) {
                String[] pair = v.split(",");
                validation = pair.length == 2
                        ? LabeledSource.idx(hadoop, pair[0].trim(), pair[1].trim(), classes)
                        : LabeledSource.idxDirectory(hadoop, v, "test", classes);
                if (validation.knownFeatures() != spec.inputSize()) {
                    throw new ConfigException("the model's input layer takes " + spec.inputSize() + " features but "
                            + validation.path() + " has " + validation.knownFeatures());
                }
            }
            return new TrainingSets(spec, train, test, validation);
        }
        return new TrainingSets(spec, LabeledSource.input(hadoop, config.input(data.train()), classes),
                LabeledSource.input(hadoop, config.input(data.test()), classes),
                data.validationPath().isEmpty() ? null
                        : LabeledSource.input(hadoop, config.input(data.validationPath()), classes));
    }

    private interface PathLookup {
        String find() throws IOException;
    }

    private static String orDefault(String configured, PathLookup lookup) throws IOException {
        return configured.isEmpty() ? lookup.find() : configured;
    }

    public Loaded load(JavaSparkContext sc, int partitions) throws Exception {
        ShardedData trainSet = train.load(sc, partitions, "train", heldAs(sc));
        if (trainSet.blocks() != null && heldOut) {
            trainSet.release();
            throw new ConfigException("validation.fraction needs the training set in memory, but "
                    + train.path() + " is read out of core (" + trainSet.sizeInBytes() / 1_000_000
                    + " MB, input.storage=" + policy.storage().name().toLowerCase(java.util.Locale.ROOT)
                    + "); name a separate validation set with validation.path instead");
        }
        return new Loaded(trainSet, test.load(sc, partitions, "test"),
                validation == null ? null : validation.load(sc, partitions, "validation"));
    }

    /**
     * The policy with {@code auto} decided against Spark's storage memory as well as
     * input.memoryLimitMb (IDX sets, whose sizes the headers give); {@code memory} refused, before
     * anything is read, when the sets cannot all be cached (see {@link StorageFit}).
     */
    private BlockPolicy heldAs(JavaSparkContext sc) {
        if (train.idxBytes() < 0) {
            return policy;  // other formats: in memory, and their size is known only once parsed
        }
        StorageMemory storage = StorageMemory.of(sc);
        StorageFit fit = new StorageFit(train.idxBytes(),
                test.idxBytes() + (validation == null ? 0 : validation.idxBytes()), storage.bytes(),
                storage.executors());
        String otherSets = validation == null ? "test set" : "test and validation sets";
        if (policy.storage() == BlockPolicy.Storage.MEMORY && fit.exceedsStorage()) {
            throw new ConfigException(fit.memoryDoesNotFit(otherSets));
        }
        autoChoice = fit.autoChoseBlocks(policy, otherSets);
        return new BlockPolicy(fit.choose(policy), policy.blockSize(), policy.window(), policy.memoryLimitBytes());
    }

    /** After {@link #load}: why {@code input.storage=auto} holds the training set out of core, or null. */
    public String autoChoice() {
        return autoChoice;
    }

    /** SHA-256 of every input file, recorded in the model: IDX by file name, others by path. */
    public Map<String, String> checksums(Configuration hadoop) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        out.putAll(train.checksums(hadoop));
        out.putAll(test.checksums(hadoop));
        if (validation != null) {
            out.putAll(validation.checksums(hadoop));
        }
        return out;
    }

    /** The test set's path, as eval.json names it. */
    public String testPath() {
        return test.path();
    }

    /**
     * Image height and width for the report's misclassified grid: the IDX header's, else a square
     * when the feature count is one, else one row.
     */
    public int[] imageShape() {
        int[] shape = test.imageShape();
        if (shape != null) {
            return shape;
        }
        int n = spec.inputSize();
        int side = (int) Math.round(Math.sqrt(n));
        return side * side == n ? new int[] {side, side} : new int[] {1, n};
    }
}
