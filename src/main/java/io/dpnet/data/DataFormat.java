package io.dpnet.data;

import io.dpnet.data.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The input formats dpnet reads: {@code data.format} in the config, {@code --data-format} on the CLI. */
public enum DataFormat {
    /** MNIST-style IDX image and label files (the original format). */
    IDX,
    /** LIBSVM text: {@code label index:value ...}, indices 1-based and ascending. */
    LIBSVM,
    /** Delimited text: a label column plus one column per feature, optional header line. */
    CSV,
    /** Parquet with a vector (or numeric array) features column and a numeric label column. */
    PARQUET;

    /** The lower-case name used in configs and on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> keys() {
        List<String> out = new ArrayList<>();
        for (DataFormat f : values()) {
            out.add(f.key());
        }
        return out;
    }

    /** Parses a format name (case-insensitive) or throws with the valid names and a "did you mean". */
    public static DataFormat parse(String name) {
        for (DataFormat f : values()) {
            if (f.key().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        String hint = Suggest.closest(name, keys());
        throw new IllegalArgumentException("unknown data format '" + name + "' (expected idx, libsvm, csv or parquet"
                + (hint == null ? "" : "; did you mean '" + hint + "'?") + ")");
    }
}
