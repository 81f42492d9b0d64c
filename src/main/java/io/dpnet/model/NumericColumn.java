package io.dpnet.model;

import java.io.Serializable;

/**
 * A numeric input column and its standardization, {@code x' = (x − mean) / scale}, fitted on the
 * training data: numeric features then have the scale of an embedding vector (expected squared
 * length ≈ 1 per feature), which the first layer's He/Xavier init assumes. A constant column gets
 * scale 1.
 */
public record NumericColumn(String name, double mean, double scale) implements Serializable {
    public NumericColumn {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a numeric column needs a name");
        }
        if (!Double.isFinite(mean) || !(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("numeric column '" + name + "': expected a finite mean and a positive "
                    + "finite scale, got mean " + mean + ", scale " + scale);
        }
    }

    /** An unstandardized column (mean 0, scale 1). */
    public static NumericColumn raw(String name) {
        return new NumericColumn(name, 0, 1);
    }

    public float standardize(double x) {
        return (float) ((x - mean) / scale);
    }
}
