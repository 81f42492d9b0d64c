package io.dpnet.data.augment;

/**
 * Deforms square uint8 images: a random affine map (rotation, scale, shear, translation about the
 * image centre) composed with an elastic displacement field, then bilinear sampling with zero
 * outside the image.
 *
 * <p>For each output pixel p the source position is {@code c + M (p - c - t) + α·G_σ*u(p)}, where
 * u is uniform noise in [-1, 1] per pixel and axis and G_σ a Gaussian blur (separable, zero
 * padded). The random numbers come from a {@link CounterRng} keyed by (seed, image, variant) and
 * are drawn in a fixed order, and Java float arithmetic is strict (JEP 306) and the trigonometry
 * is {@link StrictMath}, so a variant's bytes are the same on every machine, task and thread.
 *
 * <p>All buffers are allocated once per instance and reused: one instance per worker thread, not
 * thread-safe.
 */
public final class Deformer {
    private final int side;
    private final int pixels;
    private final DeformParams params;
    private final float[] kernel;
    private final int radius;
    private final float[] dx;
    private final float[] dy;
    private final float[] tmp;
    private final CounterRng rng = new CounterRng();

    public Deformer(int side, DeformParams params) {
        if (side < 1) {
            throw new IllegalArgumentException("image side must be positive, got " + side);
        }
        this.side = side;
        this.pixels = side * side;
        this.params = params;
        this.radius = (int) Math.ceil(3 * params.sigma());
        this.kernel = gaussian(params.sigma(), radius);
        this.dx = new float[pixels];
        this.dy = new float[pixels];
        this.tmp = new float[pixels];
    }

    /**
     * Writes variant {@code variant} of image {@code image} (its pixels at {@code src[srcOff ..
     * srcOff + side²)}) to {@code dst[dstOff ..]}. {@code src} and {@code dst} must not overlap.
     */
    public void deform(byte[] src, int srcOff, byte[] dst, int dstOff, long seed, long image, int variant) {
        rng.reset(seed, image, variant);
        // Draw order is part of the output format: affine parameters first, then dx, then dy.
        double angle = Math.toRadians(rng.symmetric(params.rotationDegrees()));
        float scale = 1f + rng.symmetric(params.scale());
        float shear = rng.symmetric(params.shear());
        float tx = rng.symmetric(params.shift());
        float ty = rng.symmetric(params.shift());
        noiseField(dx);
        noiseField(dy);
        // Inverse map (output -> source) M = R(angle) · [[1, shear], [0, 1]] / scale: the
        // distributions are symmetric, so drawing the inverse's parameters is as good as the forward's.
        float cos = (float) StrictMath.cos(angle) / scale;
        float sin = (float) StrictMath.sin(angle) / scale;
        float m00 = cos;
        float m01 = cos * shear - sin;
        float m10 = sin;
        float m11 = sin * shear + cos;
        float c = (side - 1) * 0.5f;
        for (int y = 0; y < side; y++) {
            float v = y - c - ty;
            int row = y * side;
            for (int x = 0; x < side; x++) {
                float u = x - c - tx;
                int i = row + x;
                float sx = c + m00 * u + m01 * v + dx[i];
                float sy = c + m10 * u + m11 * v + dy[i];
                dst[dstOff + i] = (byte) Math.round(Math.min(255f, Math.max(0f, bilinear(src, srcOff, sx, sy))));
            }
        }
    }

    /** Fills {@code field} with α · (Gaussian-blurred uniform [-1, 1] noise). */
    private void noiseField(float[] field) {
        for (int i = 0; i < pixels; i++) {
            field[i] = rng.symmetric(1f);
        }
        // Separable blur: rows into tmp, then columns back into field (2·(2r+1) taps, not (2r+1)²).
        for (int y = 0; y < side; y++) {
            int row = y * side;
            for (int x = 0; x < side; x++) {
                float s = 0f;
                int lo = Math.max(-radius, -x);
                int hi = Math.min(radius, side - 1 - x);
                for (int k = lo; k <= hi; k++) {
                    s += kernel[k + radius] * field[row + x + k];
                }
                tmp[row + x] = s;
            }
        }
        float alpha = params.alpha();
        for (int y = 0; y < side; y++) {
            int lo = Math.max(-radius, -y);
            int hi = Math.min(radius, side - 1 - y);
            for (int x = 0; x < side; x++) {
                float s = 0f;
                for (int k = lo; k <= hi; k++) {
                    s += kernel[k + radius] * tmp[(y + k) * side + x];
                }
                field[y * side + x] = alpha * s;
            }
        }
    }

    private float bilinear(byte[] src, int off, float sx, float sy) {
        float fx0 = (float) Math.floor(sx);
        float fy0 = (float) Math.floor(sy);
        int x0 = (int) fx0;
        int y0 = (int) fy0;
        float ax = sx - fx0;
        float ay = sy - fy0;
        float top = (1f - ax) * pixel(src, off, x0, y0) + ax * pixel(src, off, x0 + 1, y0);
        float bottom = (1f - ax) * pixel(src, off, x0, y0 + 1) + ax * pixel(src, off, x0 + 1, y0 + 1);
        return (1f - ay) * top + ay * bottom;
    }

    private int pixel(byte[] src, int off, int x, int y) {
        return x < 0 || y < 0 || x >= side || y >= side ? 0 : src[off + y * side + x] & 0xFF;
    }

    /** A normalised Gaussian kernel of 2·radius + 1 taps. */
    static float[] gaussian(float sigma, int radius) {
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += StrictMath.exp(-0.5 * i * i / ((double) sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) (StrictMath.exp(-0.5 * i * i / ((double) sigma * sigma)) / sum);
        }
        return k;
    }

    public int side() {
        return side;
    }

    public DeformParams params() {
        return params;
    }
}
