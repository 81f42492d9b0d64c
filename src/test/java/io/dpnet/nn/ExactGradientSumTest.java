package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The double-accumulating weight gradient ({@link Gemm#mulTransAAdd(float[], int, float[], int,
 * double[], int, int, int, int)}): every kernel gives the scalar reference's exact values (exact
 * products, added in sample order from C), and splitting the samples into parts summed separately
 * changes the double result only far below float precision — what makes the synchronous step's
 * gradient independent of the partition count.
 */
class ExactGradientSumTest {
    private static final Gemm REFERENCE = new Gemm() {
        @Override
        public void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String name() {
            return "scalar reference (Gemm's default method)";
        }
    };

    @ParameterizedTest(name = "{3} m={0} k={1} n={2}")
    @CsvSource({
        "1, 1, 1, vector", "5, 13, 10, vector", "64, 784, 256, vector", "333, 256, 10, vector",
        "130, 37, 21, vector", "7, 5, 33, vector", "64, 784, 256, java", "13, 256, 10, ejml"})
    void everyKernelGivesTheScalarReferenceValues(int m, int k, int n, String kernel) {
        Random rnd = new Random(31L * m + 7L * k + n);
        int aOff = 3;
        int bOff = 5;
        int cOff = 2;
        float[] a = pixels(aOff + m * k, rnd);
        a[aOff] = 0.5f; // at least one product, even for m = k = 1
        float[] d = signed(bOff + m * n, rnd);
        double[] start = new double[cOff + k * n + 4];
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextGaussian();
        }
        double[] expected = start.clone();
        double[] actual = start.clone();
        REFERENCE.mulTransAAdd(a, aOff, d, bOff, expected, cOff, m, k, n);
        Gemm gemm = Gemm.create(kernel);
        gemm.mulTransAAdd(a, aOff, d, bOff, actual, cOff, m, k, n);
        // Twice, so a kernel that ignored C's starting values or kept stale scratch would show.
        REFERENCE.mulTransAAdd(a, aOff, d, bOff, expected, cOff, m, k, n);
        gemm.mulTransAAdd(a, aOff, d, bOff, actual, cOff, m, k, n);
        for (int i = 0; i < expected.length; i++) {
            // == rather than bits: a kernel may add a 0·b term the reference skips (±0 signs only).
            assertThat(actual[i] == expected[i]).as("%s element %d: %s vs %s", kernel, i, actual[i], expected[i])
                    .isTrue();
        }
        assertThat(actual[cOff]).isNotEqualTo(start[cOff]);
        assertThat(actual[cOff - 1]).isEqualTo(start[cOff - 1]);
        assertThat(actual[cOff + k * n]).isEqualTo(start[cOff + k * n]);
    }

    @ParameterizedTest(name = "m={0} split into {1} parts")
    @CsvSource({"1024, 2", "1024, 16", "1000, 7"})
    void splittingTheSamplesChangesTheSumOnlyBelowFloatPrecision(int m, int parts) {
        int k = 96;
        int n = 40;
        Random rnd = new Random(m + 1000L * parts);
        float[] a = pixels(m * k, rnd);
        float[] d = signed(m * n, rnd);
        Gemm gemm = Gemm.create("auto");

        double[] whole = new double[k * n];
        gemm.mulTransAAdd(a, 0, d, 0, whole, 0, m, k, n);

        // Interleaved parts, like partitions holding scattered members of one batch: part p has
        // samples p, p + parts, … (copied out in order), summed alone, then the parts added.
        double[] split = new double[k * n];
        for (int p = 0; p < parts; p++) {
            int rows = (m - p + parts - 1) / parts;
            float[] ap = new float[rows * k];
            float[] dp = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(a, (p + r * parts) * k, ap, r * k, k);
                System.arraycopy(d, (p + r * parts) * n, dp, r * n, n);
            }
            double[] part = new double[k * n];
            gemm.mulTransAAdd(ap, 0, dp, 0, part, 0, rows, k, n);
            for (int i = 0; i < split.length; i++) {
                split[i] += part[i];
            }
        }

        // Σ|a·d| per element: the scale the rounding error of any summation order is bounded by.
        float[] absA = new float[a.length];
        float[] absD = new float[d.length];
        for (int i = 0; i < a.length; i++) {
            absA[i] = Math.abs(a[i]);
        }
        for (int i = 0; i < d.length; i++) {
            absD[i] = Math.abs(d[i]);
        }
        double[] scale = new double[k * n];
        gemm.mulTransAAdd(absA, 0, absD, 0, scale, 0, m, k, n);

        float[] floatSingle = new float[k * n];
        new JavaGemm().mulTransAAdd(a, 0, d, 0, floatSingle, 0, m, k, n);
        float[] floatSplit = floatSums(a, d, m, k, n, parts);
        int exactDiffers = 0;
        int floatDiffers = 0;
        for (int i = 0; i < whole.length; i++) {
            // Exact products: the two orders differ by at most (m + parts)·2⁻⁵³·Σ|terms|.
            assertThat(Math.abs(split[i] - whole[i])).as("element %d", i)
                    .isLessThanOrEqualTo((m + parts) * 0x1p-53 * scale[i]);
            exactDiffers += (float) split[i] != (float) whole[i] ? 1 : 0;
            floatDiffers += floatSingle[i] != floatSplit[i] ? 1 : 0;
        }
        // Rounded to float, the double sums agree except where the true sum sits within that bound
        // of a float rounding boundary (heavy cancellation: these data span 10^±8), whereas float
        // sums of the same split — the previous path — disagree for a large share of the elements.
        System.out.printf("m=%d, %d parts: %d of %d floats differ after exact sums, %d with float sums%n", m, parts,
                exactDiffers, whole.length, floatDiffers);
        assertThat(exactDiffers).isLessThanOrEqualTo(whole.length / 1000);
        assertThat(floatDiffers).isGreaterThan(whole.length / 10);
    }

    /** The float path over the same interleaved split: each part summed in float, parts added in float. */
    private static float[] floatSums(float[] a, float[] d, int m, int k, int n, int parts) {
        Gemm java = new JavaGemm();
        float[] total = new float[k * n];
        for (int p = 0; p < parts; p++) {
            int rows = (m - p + parts - 1) / parts;
            float[] ap = new float[rows * k];
            float[] dp = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(a, (p + r * parts) * k, ap, r * k, k);
                System.arraycopy(d, (p + r * parts) * n, dp, r * n, n);
            }
            float[] part = new float[k * n];
            java.mulTransAAdd(ap, 0, dp, 0, part, 0, rows, k, n);
            for (int i = 0; i < total.length; i++) {
                total[i] += part[i];
            }
        }
        return total;
    }

    /** Non-negative "pixels", half of them zero (the zero-skipping path runs). */
    private static float[] pixels(int size, Random rnd) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = rnd.nextBoolean() ? 0f : rnd.nextFloat();
        }
        return v;
    }

    private static float[] signed(int size, Random rnd) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 3));
        }
        return v;
    }
}
