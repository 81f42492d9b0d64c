package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import io.dpnet.data.Sha256;
import io.dpnet.model.AtomicPublish;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Writes every original image plus its deformed variants, as IDX ({@link IdxPass}) and/or Parquet
 * ({@link ParquetPass}), with one Spark task per range of originals, into a temporary sibling of
 * the output that is renamed into place once every file and its SHA-256 are written.
 */
public final class Mnist8mJob {
    public static final String SUMS = "SHA256SUMS";
    public static final String IMAGES = "train-images-idx3-ubyte";
    public static final String LABELS = "train-labels-idx1-ubyte";
    public static final String PARQUET = "parquet";
    private static final int IMAGES_PER_TASK = 1000;

    /** Receives progress on the driver while a pass runs (from a polling thread during the Parquet pass). */
    @FunctionalInterface
    public interface Progress {
        void update(String phase, long samplesDone, long samplesTotal, double seconds);
    }

    /** What was written: sample count and the SHA-256 of every file, by path relative to the output. */
    public record Result(long samples, Map<String, String> sha256) {
    }

    private Mnist8mJob() {
    }

    /**
     * Checks the inputs and the output path without Spark, so a mistyped path or an existing
     * output fails in a second, before a SparkContext starts. {@link #run} checks again.
     *
     * @throws FileAlreadyExistsException "{@code <out> already exists (pass --overwrite to replace it)}"
     */
    public static void preflight(Configuration conf, GenerateRequest request) throws IOException {
        open(conf, request);
        Path out = new Path(request.out());
        if (!request.overwrite() && out.getFileSystem(conf).exists(out)) {
            throw new FileAlreadyExistsException(request.out() + " already exists (pass --overwrite to replace it)");
        }
    }

    /** Opens and validates the source: square images, a sample count an IDX header can hold. */
    private static IdxDataset open(Configuration conf, GenerateRequest request) throws IOException {
        // 256 classes: labels are copied, not interpreted.
        IdxDataset source = IdxDataset.open(conf, request.images(), request.labels(), 256);
        if (source.rows() != source.cols()) {
            throw new IdxFormatException(request.images() + ": images are " + source.rows() + "x" + source.cols()
                    + " but generate deforms square images only");
        }
        long total = (long) source.count() * request.perImage();
        if (request.formats().idx() && total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source.count() + " images x " + request.perImage() + " samples = "
                    + total + " samples, more than an IDX file can count (" + Integer.MAX_VALUE + ")");
        }
        return source;
    }

    public static Result run(JavaSparkContext sc, GenerateRequest request, Progress progress) throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        IdxDataset source = open(conf, request);
        long total = (long) source.count() * request.perImage();
        int tasks = request.tasks() == 0
                ? Math.max(1, (source.count() + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK)
                : Math.min(request.tasks(), source.count());
        GeneratePlan plan = new GeneratePlan(sc, source, request, tasks, total);
        Map<String, String> sums = new LinkedHashMap<>();
        AtomicPublish.publishDirectory(conf, request.out(), request.overwrite(), SUMS, (fs, tmp) -> {
            fs.mkdirs(tmp);
            if (request.formats().idx()) {
                IdxPass.write(plan, fs, tmp, progress);
            }
            if (request.formats().parquet()) {
                ParquetPass.write(plan, new Path(tmp, PARQUET).toString(), progress);
            }
            sums.putAll(sha256(conf, fs, tmp));
            try (OutputStream out = fs.create(new Path(tmp, SUMS), false)) {
                StringBuilder sb = new StringBuilder();
                sums.forEach((file, hex) -> sb.append(hex).append("  ").append(file).append('\n'));
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return new Result(total, sums);
    }

    /** SHA-256 of every data file under {@code dir} (recursively), skipping hidden checksum side files. */
    static Map<String, String> sha256(Configuration conf, FileSystem fs, Path dir) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        String root = fs.makeQualified(dir).toUri().getPath();
        var it = fs.listFiles(dir, true);
        List<FileStatus> files = new ArrayList<>();
        while (it.hasNext()) {
            files.add(it.next());
        }
        files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (name.startsWith(".") || name.equals(SUMS)) {
                continue;
            }
            String relative = fs.makeQualified(f.getPath()).toUri().getPath().substring(root.length() + 1);
            sums.put(relative, Sha256.ofFile(conf, f.getPath().toString()));
        }
        return sums;
    }
}
