package io.dpnet.ml;

import io.dpnet.model.AtomicPublish;
import io.dpnet.model.ModelIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a dpnet model stage ({@link DenseNetClassificationModel}, {@link DenseNetRegressionModel})
 * as a dpnet model directory ({@code model.json} +
 * {@code weights.bin}, what {@code dpnet evaluate --model} reads) plus Spark ML's
 * {@code metadata/} (uid and column params), all published atomically: readers see no directory,
 * the old one, or the complete new one.
 *
 * <p>{@link #save} is overridden because Spark's version deletes an existing directory before
 * writing; here {@code overwrite()} replaces it only once the new one is complete, and only if
 * it is a model directory (or empty) — a mistyped path never loses unrelated data.
 */
final class DenseNetModelWriter extends MLWriter {
    /** The file that marks a directory as a dpnet model (ModelIo writes it). */
    private static final String MODEL_FILE = "model.json";

    private final DpnetModel model;

    DenseNetModelWriter(DpnetModel model) {
        this.model = model;
    }

    @Override
    public void save(String path) throws IOException {
        Configuration conf = ActiveSpark.hadoopConf();
        Path dir = new Path(path);
        if (!shouldOverwrite() && dir.getFileSystem(conf).exists(dir)) {
            throw new IOException("Path " + path + " already exists. To overwrite it, please use "
                    + "write().overwrite().save(path).");
        }
        AtomicPublish.publishDirectory(conf, path, shouldOverwrite(), MODEL_FILE, (fs, tmp) -> {
            ModelIo.save(conf, tmp.toString(), model.savedModel(), false);
            SparkMlMetadata.write(model, fs, tmp);
        });
    }

    @Override
    public void saveImpl(String path) {
        try {
            save(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
