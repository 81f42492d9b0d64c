package io.dpnet.data;

import java.io.Serializable;

/**
 * Where one non-IDX data set is and how to read it: the format, a Hadoop path (file, directory or
 * glob) and the format's options. Built from the config's {@code data.*} keys for {@code train},
 * or from the command line for {@code evaluate} and {@code predict}.
 *
 * @param features expected features per sample (the model's input size)
 * @param csvLabel label column name or 0-based index, {@code none}, or empty for the default
 * @param idCol id column (CSV: name or index; Parquet: name), or empty for none
 */
public record InputSpec(DataFormat format, String path, int features, boolean csvHeader, String csvLabel,
                        char csvDelimiter, String featuresCol, String labelCol, String idCol)
        implements Serializable {
}
