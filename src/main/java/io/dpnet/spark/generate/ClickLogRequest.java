package io.dpnet.spark.generate;

import io.dpnet.data.clicklog.ClickLogSpec;
import java.io.Serializable;

/**
 * What {@link ClickLogJob} writes: rows {@code [firstRow, firstRow + rows)} of the click log
 * {@code spec} describes. Rows are a function of their global index, so a test set is simply a
 * range after the training rows ({@code --first-row 10000000 --rows 1000000}).
 *
 * @param out the output directory (published atomically)
 * @param rowsPerFile rows per Parquet part; part k holds rows {@code firstRow + [k·rowsPerFile, (k+1)·rowsPerFile)},
 *     so the files do not depend on the task count
 * @param tasks Spark tasks, each writing a contiguous run of whole parts; 0 = one per part.
 *     Never changes the bytes.
 * @param overwrite replace an existing output directory written by generate
 */
public record ClickLogRequest(String out, ClickLogSpec spec, long firstRow, long rows, int rowsPerFile, int tasks,
        boolean overwrite) implements Serializable {

    public ClickLogRequest {
        if (firstRow < 0) {
            throw new IllegalArgumentException("--first-row must be >= 0, got " + firstRow);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be >= 1, got " + rows);
        }
        if (rowsPerFile < 1) {
            throw new IllegalArgumentException("--rows-per-file must be >= 1, got " + rowsPerFile);
        }
        if (tasks < 0) {
            throw new IllegalArgumentException("--partitions must be >= 0 (0 = one per file), got " + tasks);
        }
    }

    /** Parquet parts: ⌈rows / rowsPerFile⌉. */
    public int files() {
        long files = (rows + rowsPerFile - 1) / rowsPerFile;
        if (files > 99_999) {
            throw new IllegalArgumentException(rows + " rows at --rows-per-file " + rowsPerFile + " would be " + files
                    + " files; at most 99,999 (raise --rows-per-file)");
        }
        return (int) files;
    }
}
