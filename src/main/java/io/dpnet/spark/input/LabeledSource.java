package io.dpnet.spark.input;

import io.dpnet.data.BlockPolicy;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.data.InputFiles;
import io.dpnet.data.InputSpec;
import io.dpnet.data.Sha256;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One labelled data set in any format, the way train and evaluate get at their data: opened
 * before Spark starts (IDX headers read and checked, other paths checked to hold files), then
 * loaded into cached {@link ShardedData} once the context is up. Nothing above this package
 * decides how a format is read.
 */
public final class LabeledSource {
    private final DataFormat format;
    /** What reports name the set by: the images file for IDX, else the configured path. */
    private final String path;
    /** IDX: the opened files; null for other formats. */
    private final IdxDataset idx;
    /** Other formats: how to read them; null for IDX. */
    private final InputSpec input;
    private final int classes;

    private LabeledSource(DataFormat format, String path, IdxDataset idx, InputSpec input, int classes) {
        this.format = format;
        this.path = path;
        this.idx = idx;
        this.input = input;
        this.classes = classes;
    }

    /** An IDX images + labels pair, headers read now. */
    public static LabeledSource idx(Configuration hadoop, String images, String labels, int classes)
            throws IOException {
        return new LabeledSource(DataFormat.IDX, images, IdxDataset.open(hadoop, images, labels, classes), null,
                classes);
    }

    /** The {@code split} ({@code train} or {@code test}) IDX files of a directory in the MNIST layout. */
    public static LabeledSource idxDirectory(Configuration hadoop, String dir, String split, int classes)
            throws IOException {
        return idx(hadoop, IdxLayout.images(hadoop, dir, split), IdxLayout.labels(hadoop, dir, split), classes);
    }

    /** A LIBSVM, CSV or Parquet file, directory or glob; fails now if it matches no file. */
    public static LabeledSource input(Configuration hadoop, InputSpec spec, int classes) throws IOException {
        InputFiles.list(hadoop, spec.path());
        return new LabeledSource(spec.format(), spec.path(), null, spec, classes);
    }

    public DataFormat format() {
        return format;
    }

    public String path() {
        return path;
    }

    /** Features per sample when the header says so before loading (IDX), else -1. */
    public int knownFeatures() {
        return idx == null ? -1 : idx.features();
    }

    /** For a feature-count error: {@code "FILE has RxC = N"} for IDX, the path otherwise. */
    public String describeFeatures() {
        return idx == null ? path : idx.imagesPath() + " has " + idx.rows() + "x" + idx.cols() + " = "
                + idx.features();
    }

    /** Pixel and label bytes of an IDX set (what its cached shards hold), or -1 for other formats. */
    public long idxBytes() {
        return idx == null ? -1 : (long) idx.count() * (idx.features() + 1);
    }

    /** Image height and width (IDX), or null when the format has no image shape. */
    public int[] imageShape() {
        return idx == null ? null : new int[] {idx.rows(), idx.cols()};
    }

    /**
     * As {@link #load(JavaSparkContext, int, String)}, or out of core in blocks ({@link
     * ShardedData#loadBlocks}) when {@code policy} says so for an IDX set of this size.
     */
    public ShardedData load(JavaSparkContext sc, int partitions, String name, BlockPolicy policy) throws Exception {
        if (idx != null && policy.useBlocks(idxBytes())) {
            return ShardedData.loadBlocks(sc, idx, policy.blockSize(), policy.window(), partitions, name);
        }
        return load(sc, partitions, name);
    }

    /** Reads the set into {@code partitions} cached shards named {@code name}. */
    public ShardedData load(JavaSparkContext sc, int partitions, String name) throws Exception {
        return idx != null ? ShardedData.load(sc, idx, partitions, name)
                : DataFrameInputs.shards(sc, input, classes, partitions);
    }

    /** SHA-256 of every file of the set: IDX by file name, others by displayed path. */
    public Map<String, String> checksums(Configuration hadoop) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (idx != null) {
            for (String f : List.of(idx.imagesPath(), idx.labelsPath())) {
                out.put(new Path(f).getName(), Sha256.ofFile(hadoop, f));
            }
            return out;
        }
        for (Path f : InputFiles.list(hadoop, path)) {
            out.put(InputFiles.display(f), Sha256.ofFile(hadoop, f.toString()));
        }
        return out;
    }
}
