package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/**
 * What the {@link Gemm} kernel tests (GemmTest, VectorGemmTest) check against: random operands,
 * naive double-precision reference products with the kernels' row-major layout and offsets, and
 * the comparisons with a relative tolerance that float accumulation over long rows stays inside.
 */
final class GemmChecks {
    static final double REL_TOL = 1e-4;

    private GemmChecks() {
    }

    /** Standard normal floats, each zero with probability {@code sparsity} (to exercise zero-skipping). */
    static float[] random(int size, Random rnd, double sparsity) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = rnd.nextDouble() < sparsity ? 0f : (float) rnd.nextGaussian();
        }
        return v;
    }

    /** A[m×k]·B[k×n]. */
    static double[] mul(float[] a, int aOff, float[] b, int bOff, int m, int k, int n) {
        double[] ref = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                ref[i * n + j] = s;
            }
        }
        return ref;
    }

    /** A[m×k]ᵀ·D[m×n] (without the accumulator the kernel adds it to). */
    static double[] mulTransA(float[] a, int aOff, float[] d, int dOff, int m, int k, int n) {
        double[] ref = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += (double) a[aOff + i * k + p] * d[dOff + i * n + j];
                }
                ref[p * n + j] = s;
            }
        }
        return ref;
    }

    /** D[m×n]·B[k×n]ᵀ. */
    static double[] mulTransB(float[] d, int dOff, float[] b, int bOff, int m, int n, int k) {
        double[] ref = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (double) d[dOff + i * n + j] * b[bOff + p * n + j];
                }
                ref[i * k + p] = s;
            }
        }
        return ref;
    }

    /** {@code start[off..off+product.length)} plus {@code times} × product: what mulTransAAdd calls accumulate. */
    static double[] accumulated(float[] start, int off, double[] product, int times) {
        double[] ref = new double[product.length];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = start[off + i] + times * product[i];
        }
        return ref;
    }

    /**
     * Asserts c matches the reference inside [off, off+ref.length) (NaN never matches) and is
     * untouched outside: a kernel must not write past its output block.
     */
    static void assertMatches(String what, float[] c, int off, double[] ref, float[] original) {
        double scale = 0;
        for (double r : ref) {
            scale = Math.max(scale, Math.abs(r));
        }
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs(c[off + i] - ref[i]) / Math.max(1.0, Math.max(Math.abs(ref[i]), 1e-3 * scale));
            if (!(err <= REL_TOL)) {
                throw new AssertionError(what + ": element " + i + " is " + c[off + i] + ", expected " + ref[i]);
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (i < off || i >= off + ref.length) {
                assertThat(c[i]).as("%s: element %d outside the output block was written", what, i)
                        .isEqualTo(original[i]);
            }
        }
    }

    /** Asserts two kernels' outputs agree element by element. */
    static void assertClose(float[] x, float[] y) {
        assertThat(x).hasSameSizeAs(y);
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(x[i] - y[i]) / Math.max(1.0, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            assertThat(err).as("element %d: %s vs %s", i, x[i], y[i]).isLessThan(REL_TOL);
        }
    }
}
