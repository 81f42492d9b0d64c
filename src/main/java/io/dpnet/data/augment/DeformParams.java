package io.dpnet.data.augment;

/**
 * The deformation model's parameters. Every random draw is uniform in the symmetric range given.
 *
 * @param alpha elastic strength: the smoothed displacement field (uniform in [-1, 1] per pixel
 *     and axis, then Gaussian-blurred) is multiplied by this, in pixels
 * @param sigma standard deviation of the Gaussian that smooths the field, in pixels; small σ
 *     gives random noise-like jitter, large σ an almost rigid shift
 * @param rotationDegrees maximum rotation either way
 * @param scale maximum relative scale change either way (0.1 = 90%..110%)
 * @param shear maximum horizontal shear factor either way
 * @param shift maximum translation either way along each axis, in pixels
 */
public record DeformParams(float alpha, float sigma, float rotationDegrees, float scale, float shear, float shift)
        implements java.io.Serializable {
    /**
     * Simard et al.'s elastic setting for MNIST (α = 34, σ = 4) with a mild affine part, close to
     * the translations and small rotations/thickness changes of Loosli et al.'s MNIST-8M; digits
     * stay legible (docs/mnist8m.md shows a grid).
     */
    public static final DeformParams DEFAULTS = new DeformParams(34f, 4f, 10f, 0.10f, 0.15f, 2f);

    public DeformParams {
        check("alpha", alpha, 0f, 1000f);
        check("sigma", sigma, 0.5f, 50f);
        check("rotationDegrees", rotationDegrees, 0f, 180f);
        check("scale", scale, 0f, 0.9f);
        check("shear", shear, 0f, 2f);
        check("shift", shift, 0f, 100f);
    }

    private static void check(String name, float value, float min, float max) {
        if (!(value >= min && value <= max)) { // also rejects NaN
            throw new IllegalArgumentException("deformation " + name + " must be in [" + min + ", " + max
                    + "], got " + value);
        }
    }
}
