package io.dpnet.spark.generate;

import io.dpnet.data.augment.DeformParams;
import java.io.Serializable;

/**
 * What {@link Mnist8mJob} writes.
 *
 * @param images source IDX images (any Hadoop path, optionally .gz)
 * @param labels source IDX labels
 * @param out the output directory (published atomically)
 * @param variants deformed variants per original; each original yields 1 + variants samples
 * @param seed the deformation seed; with the same inputs and parameters, the same bytes
 * @param params the deformation model
 * @param formats which outputs to write
 * @param tasks Spark tasks (ranges of originals); 0 = about 1,000 originals per task. Never
 *     changes the IDX bytes.
 * @param overwrite replace an existing output directory written by generate
 */
public record GenerateRequest(String images, String labels, String out, int variants, long seed,
        DeformParams params, Formats formats, int tasks, boolean overwrite) implements Serializable {

    /** The output formats: IDX (optionally gzip-compressed) and/or Parquet. */
    public record Formats(boolean idx, boolean gzip, boolean parquet) implements Serializable {
        public Formats {
            if (!idx && !parquet) {
                throw new IllegalArgumentException("--format must name idx, parquet or both");
            }
        }
    }

    public GenerateRequest {
        if (variants < 0) {
            throw new IllegalArgumentException("--variants must be >= 0, got " + variants);
        }
        if (tasks < 0) {
            throw new IllegalArgumentException("--partitions must be >= 0 (0 = automatic), got " + tasks);
        }
    }

    /** Samples written per original image. */
    public int perImage() {
        return variants + 1;
    }
}
