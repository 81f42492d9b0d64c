package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxFormatException;
import io.dpnet.data.Sha256;
import io.dpnet.model.AtomicPublish;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes every original image plus its deformed variants, as IDX and/or Parquet, with one Spark
 * task per range of originals.
 *
 * <p>IDX: each task writes its range's samples to a part file; the driver then streams the parts
 * in range order behind one IDX header into the final file (gzip-compressed there when asked).
 * Part boundaries depend on the task count, the concatenation does not, so the IDX bytes are the
 * same for any partitioning. The concatenation is one sequential pass on the driver (≈ 6.4 GB for
 * the full set): simple, and far cheaper than the deformation; HDFS's {@code concat} could remove
 * it later. Parquet: the same samples as rows {@code features: array<float>} (pixel / 255, as the
 * IDX reader gives them) and {@code label: int}, one file per task in global order.
 */
public final class Mnist8mJob {
    public static final String SUMS = "SHA256SUMS";
    public static final String IMAGES = "train-images-idx3-ubyte";
    public static final String LABELS = "train-labels-idx1-ubyte";
    public static final String PARQUET = "parquet";
    private static final String PARTS = "_parts";
    private static final int IMAGES_PER_TASK = 1000;
    private static final long POLL_MILLIS = 500;

    /** Receives progress while a Spark job runs (on the driver thread that called {@link #run}). */
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
        Plan plan = new Plan(sc, source, request, tasks, total);
        Map<String, String> sums = new LinkedHashMap<>();
        AtomicPublish.publishDirectory(conf, request.out(), request.overwrite(), SUMS, (fs, tmp) -> {
            fs.mkdirs(tmp);
            if (request.formats().idx()) {
                writeIdx(plan, fs, tmp, progress);
            }
            if (request.formats().parquet()) {
                writeParquet(plan, new Path(tmp, PARQUET).toString(), progress);
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

    /** The job's fixed inputs, shared by the IDX and Parquet passes. */
    private record Plan(JavaSparkContext sc, IdxDataset source, GenerateRequest request, int tasks, long total) {
        JavaRDD<Integer> taskIds() {
            List<Integer> ids = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                ids.add(t);
            }
            return sc.parallelize(ids, tasks);
        }
    }

    private static void writeIdx(Plan plan, FileSystem fs, Path tmp, Progress progress) throws IOException {
        Path parts = new Path(tmp, PARTS);
        fs.mkdirs(parts);
        String partsDir = parts.toString();
        Broadcast<SerializableConfiguration> conf =
                plan.sc().broadcast(new SerializableConfiguration(plan.sc().hadoopConfiguration()));
        LongAccumulator done = plan.sc().sc().longAccumulator("generated samples");
        IdxDataset source = plan.source();
        GenerateRequest request = plan.request();
        int tasks = plan.tasks();
        int count = source.count();
        JavaFutureAction<Void> job = plan.taskIds().foreachAsync(t -> {
            int from = (int) ((long) count * t / tasks);
            int to = (int) ((long) count * (t + 1) / tasks);
            done.add(writePart(conf.value().value(), source, request, partsDir, t, from, to - from));
        });
        await(job, "idx", done, plan.total(), progress);
        boolean gzip = plan.request().formats().gzip();
        String suffix = gzip ? ".gz" : "";
        int side = source.rows();
        try (DataOutputStream images = open(fs, new Path(tmp, IMAGES + suffix), gzip);
             DataOutputStream labels = open(fs, new Path(tmp, LABELS + suffix), gzip)) {
            images.writeInt(0x00000803);
            images.writeInt((int) plan.total());
            images.writeInt(side);
            images.writeInt(side);
            labels.writeInt(0x00000801);
            labels.writeInt((int) plan.total());
            for (int t = 0; t < tasks; t++) {
                append(fs, partPath(partsDir, "images", t), images);
                append(fs, partPath(partsDir, "labels", t), labels);
            }
        }
        fs.delete(parts, true);
    }

    /** Runs on an executor: writes one range's pixels and labels as raw bytes; returns the sample count. */
    private static long writePart(Configuration conf, IdxDataset source, GenerateRequest request, String partsDir,
            int task, int from, int count) throws IOException {
        RangeSamples samples = new RangeSamples(conf, source, request, from, count);
        Path images = partPath(partsDir, "images", task);
        Path labels = partPath(partsDir, "labels", task);
        FileSystem fs = images.getFileSystem(conf);
        // overwrite=true: a retried task attempt replaces its failed predecessor's part.
        try (OutputStream img = fs.create(images, true); OutputStream lab = fs.create(labels, true)) {
            byte[] labelBuf = new byte[request.perImage() * Math.min(count, IMAGES_PER_TASK)];
            int pending = 0;
            while (samples.advance()) {
                img.write(samples.pixels());
                labelBuf[pending++] = (byte) samples.label();
                if (pending == labelBuf.length) {
                    lab.write(labelBuf, 0, pending);
                    pending = 0;
                }
            }
            lab.write(labelBuf, 0, pending);
        }
        return samples.size();
    }

    private static void writeParquet(Plan plan, String path, Progress progress) throws IOException {
        Broadcast<SerializableConfiguration> conf =
                plan.sc().broadcast(new SerializableConfiguration(plan.sc().hadoopConfiguration()));
        LongAccumulator done = plan.sc().sc().longAccumulator("generated rows");
        IdxDataset source = plan.source();
        GenerateRequest request = plan.request();
        int tasks = plan.tasks();
        int count = source.count();
        JavaRDD<Row> rows = plan.taskIds().flatMap(t -> {
            int from = (int) ((long) count * t / tasks);
            int to = (int) ((long) count * (t + 1) / tasks);
            return new RowIterator(new RangeSamples(conf.value().value(), source, request, from, to - from), done);
        });
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        SparkSession spark = SparkSession.builder().sparkContext(plan.sc().sc()).getOrCreate();
        // The write blocks this thread, so progress is polled from a daemon thread meanwhile.
        long start = System.nanoTime();
        Thread poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(POLL_MILLIS);
                    progress.update("parquet", done.value(), plan.total(), (System.nanoTime() - start) / 1e9);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dpnet-generate-progress");
        poller.setDaemon(true);
        poller.start();
        try {
            spark.createDataFrame(rows, schema).write().parquet(path);
        } finally {
            poller.interrupt();
        }
        progress.update("parquet", plan.total(), plan.total(), (System.nanoTime() - start) / 1e9);
    }

    /** Rows of one range; each row owns a fresh float[] because Spark keeps the rows it is given. */
    private static final class RowIterator implements Iterator<Row> {
        private final RangeSamples samples;
        private final LongAccumulator done;
        private boolean ready;

        RowIterator(RangeSamples samples, LongAccumulator done) {
            this.samples = samples;
            this.done = done;
        }

        @Override
        public boolean hasNext() {
            if (!ready) {
                ready = samples.advance();
            }
            return ready;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            byte[] px = samples.pixels();
            float[] features = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                features[i] = IdxDataset.pixelValue(px[i] & 0xFF);
            }
            done.add(1);
            return RowFactory.create(features, samples.label());
        }
    }

    private static void await(JavaFutureAction<Void> job, String phase, LongAccumulator done, long total,
            Progress progress) throws IOException {
        long start = System.nanoTime();
        try {
            while (!job.isDone()) {
                Thread.sleep(POLL_MILLIS);
                progress.update(phase, done.value(), total, (System.nanoTime() - start) / 1e9);
            }
            job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new SparkJobFailed(cause);
        }
        progress.update(phase, total, total, (System.nanoTime() - start) / 1e9);
    }

    /** A failed Spark job whose cause is neither an IOException nor unchecked (kept as the cause). */
    private static final class SparkJobFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SparkJobFailed(Throwable cause) {
            super(cause instanceof SparkException ? cause.getMessage() : String.valueOf(cause), cause);
        }
    }

    private static Path partPath(String partsDir, String kind, int task) {
        return new Path(partsDir, String.format("%s-%05d", kind, task));
    }

    private static DataOutputStream open(FileSystem fs, Path path, boolean gzip) throws IOException {
        OutputStream raw = fs.create(path, false);
        return new DataOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : new java.io.BufferedOutputStream(raw,
                1 << 16));
    }

    private static void append(FileSystem fs, Path part, OutputStream out) throws IOException {
        try (var in = fs.open(part, 1 << 16)) {
            IOUtils.copyBytes(in, out, 1 << 16, false);
        }
    }

    /** SHA-256 of every data file under {@code dir} (recursively), skipping hidden checksum side files. */
    private static Map<String, String> sha256(Configuration conf, FileSystem fs, Path dir) throws IOException {
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
