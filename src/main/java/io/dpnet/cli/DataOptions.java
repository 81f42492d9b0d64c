package io.dpnet.cli;

import io.dpnet.data.CsvLayout;
import io.dpnet.data.DataFormat;
import io.dpnet.data.InputSpec;
import picocli.CommandLine.Option;

/** How evaluate and predict read non-IDX data: the command-line twins of the config's data.* keys. */
final class DataOptions {
    @Option(names = "--data-format", paramLabel = "FORMAT", defaultValue = "idx",
            description = "Format of --data: idx, libsvm, csv or parquet (a FORMAT: prefix on one --data overrides "
                    + "it). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--csv-header", description = "csv: the first line of every file is a header.")
    boolean csvHeader;

    @Option(names = "--csv-label", paramLabel = "COLUMN",
            description = "csv: the label column, 0-based index or header name (default: the first column; for "
                    + "predict, none when the lines are only as wide as the features), or 'none'.")
    String csvLabel = "";

    @Option(names = "--csv-delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "csv: the field delimiter, one character or 'tab'. Default: ${DEFAULT-VALUE}.")
    String csvDelimiter;

    @Option(names = "--features-col", paramLabel = "NAME", defaultValue = "features",
            description = "parquet: the features column (ML vector or array of numbers). Default: ${DEFAULT-VALUE}.")
    String featuresCol;

    @Option(names = "--label-col", paramLabel = "NAME", defaultValue = "label",
            description = "parquet: the label column. Default: ${DEFAULT-VALUE}.")
    String labelCol;

    DataFormat format() {
        return DataFormat.parse(format);
    }

    /** The spec for {@code path} in {@code format}, for a model taking {@code features} inputs. */
    InputSpec spec(DataFormat format, String path, int features, String idCol) {
        return new InputSpec(format, path, features, csvHeader, csvLabel, CsvLayout.delimiter(csvDelimiter),
                featuresCol, labelCol, idCol == null ? "" : idCol);
    }

    /** A {@code --data} value: {@code [FORMAT:]PATH}, e.g. {@code csv:hdfs:///sets/a.csv}. */
    record Target(DataFormat format, String path) {
    }

    Target target(String value) {
        int colon = value.indexOf(':');
        if (colon > 0) {
            String prefix = value.substring(0, colon);
            for (DataFormat f : DataFormat.values()) {
                if (f.key().equals(prefix)) {
                    return new Target(f, value.substring(colon + 1));
                }
            }
        }
        return new Target(format(), value);
    }
}
