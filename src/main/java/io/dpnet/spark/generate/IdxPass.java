package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The IDX output: each task writes its range's samples to a part file under {@code _parts}; the
 * driver then streams the parts in range order behind one IDX header into the final files
 * (gzip-compressed there when asked) and deletes them. Part boundaries depend on the task count,
 * the concatenation does not, so the bytes are the same for any partitioning. The concatenation
 * is one sequential pass on the driver (≈ 6.4 GB for the full set): simple, and cheaper than the
 * deformation; HDFS's {@code concat} could remove it later.
 */
final class IdxPass {
    private static final String PARTS = "_parts";
    private static final long POLL_MILLIS = 500;

    private IdxPass() {
    }

    static void write(GeneratePlan plan, FileSystem fs, Path tmp, Mnist8mJob.Progress progress) throws IOException {
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
            int from = GeneratePlan.start(count, tasks, t);
            int to = GeneratePlan.start(count, tasks, t + 1);
            done.add(writePart(conf.value().value(), source, request, partsDir, t, from, to - from));
        });
        await(job, "idx", done, plan.total(), progress);
        boolean gzip = plan.request().formats().gzip();
        String suffix = gzip ? ".gz" : "";
        int side = source.rows();
        try (DataOutputStream images = open(fs, new Path(tmp, Mnist8mJob.IMAGES + suffix), gzip);
             DataOutputStream labels = open(fs, new Path(tmp, Mnist8mJob.LABELS + suffix), gzip)) {
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

    /**
     * Runs on an executor: writes one range's pixels and labels as raw bytes; returns the sample
     * count. Each attempt writes its own files and renames them into place at the end, so a
     * retried or speculative attempt never interleaves with another's bytes.
     */
    private static long writePart(Configuration conf, IdxDataset source, GenerateRequest request, String partsDir,
            int task, int from, int count) throws IOException {
        RangeSamples samples = new RangeSamples(conf, source, request, from, count);
        Path images = partPath(partsDir, "images", task);
        Path labels = partPath(partsDir, "labels", task);
        TaskContext context = TaskContext.get();
        String attempt = ".attempt-" + (context == null ? 0 : context.taskAttemptId());
        Path imagesTmp = new Path(images + attempt);
        Path labelsTmp = new Path(labels + attempt);
        FileSystem fs = images.getFileSystem(conf);
        try (OutputStream img = fs.create(imagesTmp, true); OutputStream lab = fs.create(labelsTmp, true)) {
            byte[] labelBuf = new byte[request.perImage() * 64]; // flushed every 64 originals
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
        // Identical bytes whichever attempt wins: a part already in place is simply replaced.
        for (Path[] move : new Path[][] {{imagesTmp, images}, {labelsTmp, labels}}) {
            fs.delete(move[1], false);
            if (!fs.rename(move[0], move[1])) {
                throw new IOException("could not rename " + move[0] + " to " + move[1]);
            }
        }
        return samples.size();
    }

    private static void await(JavaFutureAction<Void> job, String phase, LongAccumulator done, long total,
            Mnist8mJob.Progress progress) throws IOException {
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
}
