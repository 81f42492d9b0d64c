package io.dpnet.spark.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpnet.data.Sha256;
import io.dpnet.data.clicklog.BayesCeiling;
import io.dpnet.data.clicklog.ClickLogRows;
import io.dpnet.data.clicklog.ClickLogSpec;
import io.dpnet.model.AtomicPublish;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes a generated click log ({@link ClickLogSpec}) as Parquet parts of a fixed row count, one
 * Spark task per run of whole parts, plus {@code clicklog.json} (the rule, the sizes and the
 * rule's own accuracy/AUC on these rows) and {@code SHA256SUMS}, into a temporary sibling of the
 * output renamed into place at the end. Same command, same bytes, whatever {@code --partitions}.
 *
 * <pre>
 * OUT/parquet/part-00000.parquet …   rows firstRow + [k·rowsPerFile, (k+1)·rowsPerFile)
 * OUT/clicklog.json                   spec, rule, Bayes ceiling, distinct ids per column
 * OUT/SHA256SUMS                      every file above, sorted by path
 * </pre>
 */
public final class ClickLogJob {
    public static final String PARQUET = "parquet";
    public static final String DESCRIPTION = "clicklog.json";
    private static final long POLL_MILLIS = 500;

    /**
     * What was written.
     *
     * @param sha256 SHA-256 per file, by path relative to the output, sorted by path
     * @param fingerprint the SHA-256 of the SHA256SUMS file: one value for the whole set
     */
    public record Result(long rows, Map<String, String> sha256, String fingerprint, BayesCeiling ceiling) {
    }

    private ClickLogJob() {
    }

    /**
     * Checks the request and the output path without Spark.
     *
     * @throws FileAlreadyExistsException "{@code <out> already exists (pass --overwrite to replace it)}"
     */
    public static void preflight(Configuration conf, ClickLogRequest request) throws IOException {
        request.files();
        Path out = new Path(request.out());
        if (!request.overwrite() && out.getFileSystem(conf).exists(out)) {
            throw new FileAlreadyExistsException(request.out() + " already exists (pass --overwrite to replace it)");
        }
    }

    public static Result run(JavaSparkContext sc, ClickLogRequest request, Mnist8mJob.Progress progress)
            throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        int files = request.files();
        int tasks = request.tasks() == 0 ? files : Math.min(request.tasks(), files);
        Map<String, String> sums = new LinkedHashMap<>();
        BayesCeiling[] ceiling = new BayesCeiling[1];
        String[] fingerprint = new String[1];
        AtomicPublish.publishDirectory(conf, request.out(), request.overwrite(), Mnist8mJob.SUMS, (fs, tmp) -> {
            Path parts = new Path(tmp, PARQUET);
            fs.mkdirs(parts);
            ceiling[0] = writeParts(sc, request, parts.toString(), files, tasks, progress);
            try (OutputStream out = fs.create(new Path(tmp, DESCRIPTION), false)) {
                out.write(description(request, ceiling[0]));
            }
            sums.putAll(Mnist8mJob.sha256(conf, fs, tmp));
            Path sumsFile = new Path(tmp, Mnist8mJob.SUMS);
            try (OutputStream out = fs.create(sumsFile, false)) {
                StringBuilder sb = new StringBuilder();
                sums.forEach((file, hex) -> sb.append(hex).append("  ").append(file).append('\n'));
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            fingerprint[0] = Sha256.ofFile(conf, sumsFile.toString());
        });
        return new Result(request.rows(), sums, fingerprint[0], ceiling[0]);
    }

    /** The Spark job: task t writes parts [t·F/T, (t+1)·F/T) and returns its rows' ceiling statistics. */
    private static BayesCeiling writeParts(JavaSparkContext sc, ClickLogRequest request, String partsDir, int files,
            int tasks, Mnist8mJob.Progress progress) throws IOException {
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        LongAccumulator done = sc.sc().longAccumulator("generated rows");
        List<Integer> ids = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            ids.add(t);
        }
        // The statistics travel as Java-serialized bytes: byte[] is registered with Kryo
        // (registration is required), BayesCeiling's BitSets and arrays need not be.
        JavaFutureAction<List<byte[]>> job = sc.parallelize(ids, tasks).map(t -> {
            BayesCeiling stats = new BayesCeiling(request.spec());
            for (int f = GeneratePlan.start(files, tasks, t); f < GeneratePlan.start(files, tasks, t + 1); f++) {
                writePart(conf.value().value(), request, partsDir, f, stats, done);
            }
            return serialize(stats);
        }).collectAsync();
        long start = System.nanoTime();
        List<byte[]> results;
        try {
            while (!job.isDone()) {
                Thread.sleep(POLL_MILLIS);
                progress.update("clicklog", done.value(), request.rows(), (System.nanoTime() - start) / 1e9);
            }
            results = job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
        progress.update("clicklog", request.rows(), request.rows(), (System.nanoTime() - start) / 1e9);
        BayesCeiling merged = new BayesCeiling(request.spec());
        for (byte[] r : results) {
            merged.merge(deserialize(r));
        }
        return merged;
    }

    /**
     * Runs on an executor: writes part {@code f} under an attempt-specific name and renames it into
     * place, so a retried or speculative attempt never interleaves with another's bytes (both
     * write the same bytes; the last rename wins).
     */
    private static void writePart(Configuration conf, ClickLogRequest request, String partsDir, int f,
            BayesCeiling stats, LongAccumulator done) throws IOException {
        long first = (long) f * request.rowsPerFile();
        long count = Math.min(request.rowsPerFile(), request.rows() - first);
        Path part = new Path(partsDir, String.format("part-%05d.parquet", f));
        TaskContext context = TaskContext.get();
        Path attempt = new Path(part + ".attempt-" + (context == null ? 0 : context.taskAttemptId()));
        long[] pending = {0};
        ClickLogParquet.write(conf, attempt, new ClickLogRows(request.spec()), request.firstRow() + first, count,
                row -> {
                    stats.add(row);
                    if (++pending[0] == 10_000) { // the progress counter, without a driver message per row
                        done.add(pending[0]);
                        pending[0] = 0;
                    }
                });
        done.add(pending[0]);
        FileSystem fs = part.getFileSystem(conf);
        fs.delete(part, false);
        if (!fs.rename(attempt, part)) {
            throw new IOException("could not rename " + attempt + " to " + part);
        }
    }

    /** clicklog.json: deterministic (no times, no paths), so it is part of the SHA256SUMS. */
    private static byte[] description(ClickLogRequest request, BayesCeiling c) throws IOException {
        ClickLogSpec spec = request.spec();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "dpnet-clicklog-1");
        json.put("seed", spec.seed());
        json.put("firstRow", request.firstRow());
        json.put("rows", request.rows());
        json.put("rowsPerFile", request.rowsPerFile());
        json.put("label", ClickLogSpec.LABEL);
        Map<String, Object> categorical = new LinkedHashMap<>();
        for (int i = 0; i < ClickLogSpec.CATEGORICAL.size(); i++) {
            Map<String, Object> column = new LinkedHashMap<>(); // not Map.of: its order changes per JVM
            column.put("vocabulary", spec.vocabulary(i));
            column.put("distinctIds", c.distinctIds(i));
            categorical.put(ClickLogSpec.CATEGORICAL.get(i), column);
        }
        json.put("categorical", categorical);
        json.put("numeric", ClickLogSpec.NUMERIC);
        json.put("rule", spec.ruleText());
        Map<String, Object> ceiling = new LinkedHashMap<>();
        ceiling.put("positives", c.positives());
        ceiling.put("positiveRate", (double) c.positives() / c.rows());
        ceiling.put("bayesAccuracy", c.bayesAccuracy());
        ceiling.put("expectedBayesAccuracy", c.expectedBayesAccuracy());
        ceiling.put("bayesAuc", c.auc());
        ceiling.put("bayesAucBinningError", c.aucTieBound());
        json.put("ceiling", ceiling);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
    }

    private static byte[] serialize(BayesCeiling stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stats);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static BayesCeiling deserialize(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (BayesCeiling) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read the click-log statistics", e);
        }
    }
}
