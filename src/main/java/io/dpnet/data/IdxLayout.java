package io.dpnet.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The MNIST directory convention: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or gzipped
 * ({@code .gz}). Fashion-MNIST uses the same names.
 */
public final class IdxLayout {
    private IdxLayout() {
    }

    /** The split's file prefix: {@code train} or {@code t10k} (also accepted as {@code test}). */
    public static String prefix(String split) {
        return switch (split) {
            case "train" -> "train";
            case "test", "t10k" -> "t10k";
            default -> throw new IllegalArgumentException("unknown split '" + split + "' (expected train or test)");
        };
    }

    /** {@code dir/<prefix>-images-idx3-ubyte}, or its {@code .gz} twin when only that exists. */
    public static String images(Configuration conf, String dir, String split) throws IOException {
        return find(conf, dir, prefix(split) + "-images-idx3-ubyte");
    }

    /** {@code dir/<prefix>-labels-idx1-ubyte}, or its {@code .gz} twin when only that exists. */
    public static String labels(Configuration conf, String dir, String split) throws IOException {
        return find(conf, dir, prefix(split) + "-labels-idx1-ubyte");
    }

    private static String find(Configuration conf, String dir, String name) throws IOException {
        Path raw = new Path(dir, name);
        FileSystem fs = raw.getFileSystem(conf);
        if (fs.exists(raw)) {
            return raw.toString();
        }
        Path gz = new Path(dir, name + ".gz");
        if (fs.exists(gz)) {
            return gz.toString();
        }
        throw new FileNotFoundException("neither " + raw + " nor " + gz
                + " exists (run scripts/fetch-mnist.sh to download MNIST)");
    }
}
