package io.dpnet.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.data.IdxDataset;
import io.dpnet.testing.Mnist;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deformation core on the first real MNIST training digits. */
class DeformerTest {
    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final int IMAGES = 200;
    private static byte[] digits;

    @BeforeAll
    static void readDigits() throws Exception {
        var dir = Mnist.require();
        IdxDataset mnist = IdxDataset.open(new Configuration(), dir.resolve("train-images-idx3-ubyte").toString(),
                dir.resolve("train-labels-idx1-ubyte").toString(), 10);
        digits = new byte[IMAGES * PIXELS];
        mnist.readBytes(new Configuration(), 0, IMAGES, digits, new byte[IMAGES]);
    }

    private static byte[] variant(Deformer d, long seed, int image, int variant) {
        byte[] out = new byte[PIXELS];
        d.deform(digits, image * PIXELS, out, 0, seed, image, variant);
        return out;
    }

    @Test
    void sameKeyGivesSameBytesWhateverTheInstanceOrCallOrder() {
        Deformer a = new Deformer(SIDE, DeformParams.DEFAULTS);
        Deformer b = new Deformer(SIDE, DeformParams.DEFAULTS);
        byte[][] forward = new byte[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            forward[i] = variant(a, 7, i, 1 + i % 3);
        }
        // Reverse order on another instance whose buffers hold other images' fields: no state leaks.
        for (int i = IMAGES - 1; i >= 0; i--) {
            variant(b, 99, i, 5);
            assertThat(variant(b, 7, i, 1 + i % 3)).as("image %d", i).isEqualTo(forward[i]);
        }
    }

    @Test
    void seedImageAndVariantEachChangeTheOutput() {
        Deformer d = new Deformer(SIDE, DeformParams.DEFAULTS);
        byte[] base = variant(d, 1, 3, 1);
        assertThat(variant(d, 2, 3, 1)).isNotEqualTo(base);
        assertThat(variant(d, 1, 3, 2)).isNotEqualTo(base);
        // Same pixels under another image index: another field.
        byte[] other = new byte[PIXELS];
        d.deform(digits, 3 * PIXELS, other, 0, 1, 4, 1);
        assertThat(other).isNotEqualTo(base);
    }

    @Test
    void variantsDifferFromTheOriginalButStayCorrelated() {
        Deformer d = new Deformer(SIDE, DeformParams.DEFAULTS);
        double minCorrelation = 1;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < IMAGES; i++) {
            byte[] original = Arrays.copyOfRange(digits, i * PIXELS, (i + 1) * PIXELS);
            for (int v = 1; v <= 4; v++) {
                byte[] out = variant(d, 1, i, v);
                assertThat(out).as("image %d variant %d", i, v).isNotEqualTo(original);
                double r = shiftedCorrelation(original, out);
                minCorrelation = Math.min(minCorrelation, r);
                sum += r;
                n++;
            }
        }
        System.out.printf("shift-tolerant correlation over %d variants: mean %.3f, min %.3f%n", n, sum / n,
                minCorrelation);
        // Measured over these 800 variants with the defaults: mean 0.709, min 0.359. A scrambled or
        // wrongly indexed image scores near 0, so the bounds catch it with room to spare.
        assertThat(sum / n).as("mean correlation").isGreaterThan(0.6);
        assertThat(minCorrelation).as("min correlation").isGreaterThan(0.25);
    }

    @Test
    void zeroStrengthIsTheIdentity() {
        Deformer d = new Deformer(SIDE, new DeformParams(0f, 4f, 0f, 0f, 0f, 0f));
        for (int i = 0; i < 20; i++) {
            assertThat(variant(d, 1, i, 1)).isEqualTo(Arrays.copyOfRange(digits, i * PIXELS, (i + 1) * PIXELS));
        }
    }

    @Test
    void inkIsRoughlyPreserved() {
        Deformer d = new Deformer(SIDE, DeformParams.DEFAULTS);
        for (int i = 0; i < 50; i++) {
            long before = ink(Arrays.copyOfRange(digits, i * PIXELS, (i + 1) * PIXELS));
            long after = ink(variant(d, 1, i, 1));
            // ±10% scale changes area by ≤ 21%; elastic folds and bilinear blur of thin strokes add more
            // (measured over these 50: up to 1.54).
            assertThat((double) after / before).as("image %d", i).isBetween(0.6, 1.7);
        }
    }

    @Test
    void badParametersNameTheParameterAndRange() {
        assertThatThrownBy(() -> new DeformParams(34f, Float.NaN, 10f, 0.1f, 0.15f, 2f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deformation sigma must be in [0.5, 50.0], got NaN");
        assertThatThrownBy(() -> new DeformParams(-1f, 4f, 10f, 0.1f, 0.15f, 2f))
                .hasMessage("deformation alpha must be in [0.0, 1000.0], got -1.0");
        assertThatThrownBy(() -> new Deformer(0, DeformParams.DEFAULTS))
                .hasMessage("image side must be positive, got 0");
    }

    @Test
    void gaussianKernelIsNormalisedAndSymmetric() {
        float[] k = Deformer.gaussian(4f, 12);
        double sum = 0;
        for (float w : k) {
            sum += w;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        for (int i = 0; i < k.length; i++) {
            assertThat(k[i]).isEqualTo(k[k.length - 1 - i]);
        }
        assertThat(k[12]).isGreaterThan(k[11]);
    }

    @Test
    void counterRngRestartsPerKeyAndStaysInRange() {
        CounterRng r = new CounterRng();
        r.reset(1, 2, 3);
        float[] first = new float[1000];
        for (int i = 0; i < first.length; i++) {
            first[i] = r.nextFloat();
            assertThat(first[i]).isBetween(0f, 0.99999994f);
        }
        r.reset(1, 2, 3);
        for (float f : first) {
            assertThat(r.nextFloat()).isEqualTo(f);
        }
        r.reset(1, 3, 2);
        assertThat(r.nextFloat()).isNotEqualTo(first[0]);
    }

    /**
     * The best Pearson correlation of {@code b} with {@code a} shifted by up to ±3 pixels each way
     * (zero filled): translation is part of the model, and a 2-pixel shift of a thin stroke alone
     * can drive the plain pixel correlation below zero.
     */
    static double shiftedCorrelation(byte[] a, byte[] b) {
        double best = -1;
        byte[] shifted = new byte[a.length];
        for (int sy = -3; sy <= 3; sy++) {
            for (int sx = -3; sx <= 3; sx++) {
                java.util.Arrays.fill(shifted, (byte) 0);
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int fx = x - sx;
                        int fy = y - sy;
                        if (fx >= 0 && fy >= 0 && fx < SIDE && fy < SIDE) {
                            shifted[y * SIDE + x] = a[fy * SIDE + fx];
                        }
                    }
                }
                best = Math.max(best, correlation(shifted, b));
            }
        }
        return best;
    }

    static double correlation(byte[] a, byte[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] & 0xFF;
            mb += b[i] & 0xFF;
        }
        ma /= a.length;
        mb /= a.length;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = (a[i] & 0xFF) - ma;
            double y = (b[i] & 0xFF) - mb;
            cov += x * y;
            va += x * x;
            vb += y * y;
        }
        return cov / Math.sqrt(va * vb);
    }

    private static long ink(byte[] image) {
        long s = 0;
        for (byte p : image) {
            s += p & 0xFF;
        }
        return s;
    }
}
