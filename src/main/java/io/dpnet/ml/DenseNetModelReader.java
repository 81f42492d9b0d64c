package io.dpnet.ml;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

/**
 * Loads a dpnet model stage ({@link DenseNetClassificationModel}, {@link DenseNetRegressionModel}) from a
 * directory written by
 * {@link DenseNetModelWriter} or by {@code dpnet train} (a model directory, or a run directory
 * holding {@code model/}). Without Spark ML metadata the model gets a fresh uid and the default
 * column names.
 */
final class DenseNetModelReader<M extends DpnetModel> extends MLReader<M> {
    /** Builds the stage from its uid and model; {@code null} uid: a model without Spark ML metadata. */
    interface Factory<M> {
        M create(String uid, SavedModel saved);
    }

    private final Class<M> type;
    private final String uidPrefix;
    private final Factory<M> factory;

    DenseNetModelReader(Class<M> type, String uidPrefix, Factory<M> factory) {
        this.type = type;
        this.uidPrefix = uidPrefix;
        this.factory = factory;
    }

    /** The classification model's reader (the stage before block models existed). */
    static DenseNetModelReader<DenseNetClassificationModel> classification() {
        return new DenseNetModelReader<>(DenseNetClassificationModel.class, "denseNetClassificationModel",
                DenseNetClassificationModel::new);
    }

    @Override
    public M load(String path) {
        Configuration conf = ActiveSpark.hadoopConf();
        try {
            String dir = modelDir(conf, path);
            SavedModel saved = ModelIo.load(conf, dir);
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(conf);
            Optional<SparkMlMetadata.Contents> metadata = SparkMlMetadata.read(fs, root);
            if (metadata.isEmpty()) {
                return factory.create(Identifiable$.MODULE$.randomUID(uidPrefix), saved);
            }
            SparkMlMetadata.Contents m = metadata.get();
            if (!m.className().equals(type.getName())) {
                throw new IllegalArgumentException(path + " holds a " + m.className() + ", not a " + type.getName());
            }
            M model = factory.create(m.uid(), saved);
            m.applyTo(model);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code path}, or {@code path/model} when {@code path} is a {@code dpnet train} run directory. */
    private static String modelDir(Configuration conf, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        Path nested = new Path(p, "model");
        if (!fs.exists(new Path(p, "model.json")) && fs.exists(new Path(nested, "model.json"))) {
            return nested.toString();
        }
        return path;
    }
}
