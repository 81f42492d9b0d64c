package io.dpnet.spark.input;

import io.dpnet.config.DataConfig;
import io.dpnet.data.IdxLayout;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.InputFiles;
import io.dpnet.data.InputSpec;
import io.dpnet.data.Sha256;
import io.dpnet.nn.ModelSpec;
import io.dpnet.spark.input.DataFrameInputs;
import io.dpnet.spark.input.ShardedData;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A run's training, test and (optional) validation sets in the config's {@code data.format}:
 * checked before Spark starts (IDX headers, or that the paths hold files), loaded into shards
 * once the context is up.
 */
public final class TrainingSets {
    /** The loaded sets; {@code validation} is null without a separate validation set. */
    public record Loaded(ShardedData train, ShardedData test, ShardedData validation) {
    }

    private final ModelSpec spec;
    private final DataFormat format;
    /** IDX: the data files by role ({@code train.images}, ...); other formats: the input paths by role. */
    private final Map<String, String> files;
    /** IDX only: the opened sets (validation may be null); null for other formats. */
    private final IdxDataset trainSet;
    private final IdxDataset testSet;
    private final IdxDataset validationSet;
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();

    private TrainingSets(ModelSpec spec, DataFormat format, Map<String, String> files, IdxDataset trainSet,
                         IdxDataset testSet, IdxDataset validationSet) {
        this.spec = spec;
        this.format = format;
        this.files = files;
        this.trainSet = trainSet;
        this.testSet = testSet;
        this.validationSet = validationSet;
    }

    public static TrainingSets open(Configuration hadoop, TrainConfig config) throws IOException {
        ModelSpec spec = config.modelSpec();
        DataConfig data = config.data();
        DataFormat format = data.format();
        int classes = spec.outputSize();
        if (format == DataFormat.IDX) {
            Map<String, String> files = idxFiles(hadoop, data);
            IdxDataset trainSet = IdxDataset.open(hadoop, files.get("train.images"), files.get("train.labels"),
                    classes);
            IdxDataset testSet = IdxDataset.open(hadoop, files.get("test.images"), files.get("test.labels"), classes);
            if (trainSet.features() != spec.inputSize() || testSet.features() != spec.inputSize()) {
                throw new ConfigException("the model's input layer takes " + spec.inputSize() + " features but "
                        + trainSet.imagesPath() + " has " + trainSet.rows() + "x" + trainSet.cols() + " = "
                        + trainSet.features() + " and " + testSet.imagesPath() + " has " + testSet.features());
            }
            IdxDataset validationSet = null;
            if (files.containsKey("validation.images")) {
                validationSet = IdxDataset.open(hadoop, files.get("validation.images"),
                        files.get("validation.labels"), classes);
                if (validationSet.features() != spec.inputSize()) {
                    throw new ConfigException("the model's input layer takes " + spec.inputSize() + " features but "
                            + validationSet.imagesPath() + " has " + validationSet.features());
                }
            }
            return new TrainingSets(spec, format, files, trainSet, testSet, validationSet);
        }
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("train", data.train());
        paths.put("test", data.test());
        if (!data.validationPath().isEmpty()) {
            paths.put("validation", data.validationPath());
        }
        TrainingSets sets = new TrainingSets(spec, format, paths, null, null, null);
        for (Map.Entry<String, String> e : paths.entrySet()) {
            InputFiles.list(hadoop, e.getValue());  // a missing path fails here, before Spark starts
            sets.inputs.put(e.getKey(), config.input(e.getValue()));
        }
        return sets;
    }

    public Loaded load(JavaSparkContext sc, int partitions) throws Exception {
        if (format == DataFormat.IDX) {
            ShardedData train = ShardedData.load(sc, trainSet, partitions, "train");
            ShardedData test = ShardedData.load(sc, testSet, partitions, "test");
            return new Loaded(train, test, validationSet == null ? null
                    : ShardedData.load(sc, validationSet, partitions, "validation"));
        }
        int classes = spec.outputSize();
        ShardedData train = DataFrameInputs.shards(sc, inputs.get("train"), classes, partitions);
        ShardedData test = DataFrameInputs.shards(sc, inputs.get("test"), classes, partitions);
        InputSpec validation = inputs.get("validation");
        return new Loaded(train, test, validation == null ? null
                : DataFrameInputs.shards(sc, validation, classes, partitions));
    }

    /** IDX: the files by role ({@code train.images}, ..., {@code validation.labels}), defaults from {@code data.dir}. */
    private static Map<String, String> idxFiles(Configuration hadoop, DataConfig data) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("train.images", orDefault(data.trainImages(), () -> IdxLayout.images(hadoop, data.dir(), "train")));
        files.put("train.labels", orDefault(data.trainLabels(), () -> IdxLayout.labels(hadoop, data.dir(), "train")));
        files.put("test.images", orDefault(data.testImages(), () -> IdxLayout.images(hadoop, data.dir(), "test")));
        files.put("test.labels", orDefault(data.testLabels(), () -> IdxLayout.labels(hadoop, data.dir(), "test")));
        String validation = data.validationPath();
        if (!validation.isEmpty()) {
            String[] pair = validation.split(",");
            if (pair.length == 2) {
                files.put("validation.images", pair[0].trim());
                files.put("validation.labels", pair[1].trim());
            } else {
                files.put("validation.images", IdxLayout.images(hadoop, validation, "test"));
                files.put("validation.labels", IdxLayout.labels(hadoop, validation, "test"));
            }
        }
        return files;
    }

    private interface PathLookup {
        String find() throws IOException;
    }

    private static String orDefault(String configured, PathLookup lookup) throws IOException {
        return configured.isEmpty() ? lookup.find() : configured;
    }

    /** SHA-256 of every input file, recorded in the model: IDX by file name, others by path. */
    public Map<String, String> checksums(Configuration hadoop) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (format == DataFormat.IDX) {
            for (String f : files.values()) {
                out.put(new Path(f).getName(), Sha256.ofFile(hadoop, f));
            }
            return out;
        }
        for (String pattern : files.values()) {
            for (Path f : InputFiles.list(hadoop, pattern)) {
                out.put(InputFiles.display(f), Sha256.ofFile(hadoop, f.toString()));
            }
        }
        return out;
    }

    /** The test set's path, as eval.json names it. */
    public String testPath() {
        return format == DataFormat.IDX ? files.get("test.images") : files.get("test");
    }

    /**
     * Image height and width for the report's misclassified grid: the IDX header's, else a square
     * when the feature count is one, else one row.
     */
    public int[] imageShape() {
        if (format == DataFormat.IDX) {
            return new int[] {testSet.rows(), testSet.cols()};
        }
        int n = spec.inputSize();
        int side = (int) Math.round(Math.sqrt(n));
        return side * side == n ? new int[] {side, side} : new int[] {1, n};
    }
}
