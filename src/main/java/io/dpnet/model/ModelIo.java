package io.dpnet.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saves and loads models as a directory at any Hadoop path ({@code hdfs://}, {@code file://} or a
 * plain path on the default file system) holding two files (a block model, {@code model.json}
 * version 2, adds its embedding tables and vocabularies: see {@link BlockModelJson}):
 * <ul>
 *   <li>{@code model.json}: architecture, weights description (count, dtype, sha256), training
 *       config, dataset checksums, metrics and provenance — human-readable, stable key order;
 *   <li>{@code weights.bin}: the flat parameter vector as little-endian float32, nothing else, so
 *       any tool (e.g. {@code numpy.fromfile(f, '<f4')}) can read it.
 * </ul>
 * No Java serialization is involved, so loading an untrusted directory cannot run code.
 */
public final class ModelIo {
    /** Floats per I/O chunk: 256 KiB buffers, large enough that streams are never the bottleneck. */

    private ModelIo() {
    }

    /**
     * Writes {@code model} to the directory {@code dir}, atomically (see {@link AtomicPublish}: a
     * failed save leaves nothing at {@code dir}; with {@code overwrite} the old model — and only a
     * model or an empty directory — is deleted just before the new one is renamed into place).
     * Adds {@code dpnetVersion} and
     * {@code createdAt} to the provenance unless the caller set them.
     *
     * @throws org.apache.hadoop.fs.FileAlreadyExistsException "{@code <dir> already exists (pass
     *     --overwrite to replace it)}"
     */
    public static void save(Configuration conf, String dir, SavedModel model, boolean overwrite) throws IOException {
        SortedMap<String, String> provenance = new TreeMap<>(model.provenance());
        provenance.putIfAbsent("dpnetVersion", DpnetVersion.get());
        provenance.putIfAbsent("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        AtomicPublish.publishDirectory(conf, dir, overwrite, ModelJson.MODEL_FILE, (fs, tmp) -> {
            if (!fs.mkdirs(tmp)) {
                throw new IOException("could not create " + tmp);
            }
            // Weights first: model.json records their sha256.
            String sha256 = Float32Files.write(fs, new Path(tmp, ModelJson.WEIGHTS_FILE), model.paramsView());
            BlockModelJson.Files blockFiles = model.isBlockModel() ? BlockModelJson.writeFiles(fs, tmp, model) : null;
            try (OutputStream out = fs.create(new Path(tmp, ModelJson.MODEL_FILE), false)) {
                out.write(ModelJson.write(model, provenance, sha256, blockFiles));
                out.write('\n');
            }
        });
    }

    /**
     * Reads and fully validates the model directory {@code dir}.
     *
     * @throws ModelFormatException if anything is missing, malformed, unsupported or inconsistent;
     *     the message names the file and says what was expected and what was found
     */
    public static SavedModel load(Configuration conf, String dir) throws IOException {
        String name = stripTrailingSlashes(dir);
        Path root = new Path(dir);
        FileSystem fs = AtomicPublish.fileSystem(conf, root);
        FileStatus status = status(fs, root, name + ": model directory does not exist");
        if (!status.isDirectory()) {
            throw new ModelFormatException(name + ": expected a model directory but found a file");
        }
        Path jsonPath = new Path(root, ModelJson.MODEL_FILE);
        String jsonName = name + "/" + ModelJson.MODEL_FILE;
        requireFile(fs, jsonPath, jsonName);
        byte[] json;
        try (InputStream in = fs.open(jsonPath)) {
            json = in.readAllBytes();
        }
        ModelJson.Header header = ModelJson.read(jsonName, json);
        float[] params = readWeights(fs, new Path(root, ModelJson.WEIGHTS_FILE),
                name + "/" + ModelJson.WEIGHTS_FILE, header);
        SavedModel.Builder b = SavedModel.builder(header.spec(), params)
                .trainingConfig(header.trainingConfig())
                .datasetChecksums(header.datasetChecksums())
                .metrics(header.metrics())
                .provenance(header.provenance());
        if (header.block() != null) {
            BlockModelJson.readFiles(fs, root, name, header.block(), b);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(jsonName + ": " + e.getMessage(), e);
        }
    }

    private static float[] readWeights(FileSystem fs, Path path, String name, ModelJson.Header header)
            throws IOException {
        float[] params = Float32Files.read(fs, path, name, header.spec().paramCount(), header.weightsSha256(),
                "model.json");
        int bad = SavedModel.firstNonFinite(params);
        if (bad >= 0) {
            throw new ModelFormatException(name + ": expected finite weights but weight " + bad + " is " + params[bad]);
        }
        return params;
    }

    static FileStatus requireFile(FileSystem fs, Path path, String name) throws IOException {
        FileStatus status = status(fs, path, name + ": file not found");
        if (!status.isFile()) {
            throw new ModelFormatException(name + ": expected a file but found a directory");
        }
        return status;
    }

    private static FileStatus status(FileSystem fs, Path path, String missingMessage) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new ModelFormatException(missingMessage, e);
        }
    }

    private static String stripTrailingSlashes(String dir) {
        int end = dir.length();
        while (end > 1 && dir.charAt(end - 1) == '/') {
            end--;
        }
        return dir.substring(0, end);
    }
}
