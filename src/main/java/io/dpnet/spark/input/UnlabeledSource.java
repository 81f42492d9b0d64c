package io.dpnet.spark.input;

import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.InputSpec;
import io.dpnet.data.Labels;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows to score without labels (what {@code predict} reads), in any format: an IDX images file
 * (or the {@code split} images of an MNIST-layout directory), opened and checked before Spark
 * starts and later streamed sequentially per partition; or a LIBSVM, CSV or Parquet input read as
 * a DataFrame whose labels, if any, are ignored.
 */
public final class UnlabeledSource {
    /** IDX: the opened images file; null for other formats. */
    private final IdxDataset images;
    /** Other formats: how to read them; null for IDX. */
    private final InputSpec input;

    private UnlabeledSource(IdxDataset images, InputSpec input) {
        this.images = images;
        this.input = input;
    }

    /** IDX images: {@code path} is an idx3 file, or a directory whose {@code split} images are used. */
    public static UnlabeledSource idx(Configuration hadoop, String path, String split) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(hadoop);
        String imagesPath = fs.exists(p) && fs.getFileStatus(p).isDirectory()
                ? IdxLayout.images(hadoop, path, split) : path;
        return new UnlabeledSource(IdxDataset.openImages(hadoop, imagesPath), null);
    }

    /** A LIBSVM, CSV or Parquet input. */
    public static UnlabeledSource input(InputSpec spec) {
        if (spec.format() == DataFormat.IDX) {
            throw new IllegalArgumentException("IDX inputs are opened with UnlabeledSource.idx");
        }
        return new UnlabeledSource(null, spec);
    }

    /** The IDX images, or null for other formats (scored by a sequential stream per partition). */
    public IdxDataset images() {
        return images;
    }

    /** Features per sample when the header says so before loading (IDX), else -1. */
    public int knownFeatures() {
        return images == null ? -1 : images.features();
    }

    /** For a feature-count error: {@code "FILE has RxC = N"} for IDX. */
    public String describeFeatures() {
        return images == null ? input.path() : images.imagesPath() + " has " + images.rows() + "x" + images.cols()
                + " = " + images.features();
    }

    /** A job over the non-IDX input's rows (labels ignored); bad rows are reported with file and line. */
    public <T> T withRows(JavaSparkContext sc, RowsJob<T> job) throws Exception {
        SparkSession spark = InputReader.session(sc);
        Dataset<Row> rows = InputReader.read(spark, input, Labels.IGNORED, false);
        return InputReader.located(sc, input, Labels.IGNORED, () -> job.run(rows));
    }

    /** Work on the rows of a non-IDX input. */
    @FunctionalInterface
    public interface RowsJob<T> {
        T run(Dataset<Row> rows) throws Exception;
    }
}
