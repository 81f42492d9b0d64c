package io.dpnet.nn;

import static io.dpnet.nn.GemmChecks.assertClose;
import static io.dpnet.nn.GemmChecks.assertMatches;
import static io.dpnet.nn.GemmChecks.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JavaGemm and EjmlGemm against each other and a naive double-precision reference. */
class GemmTest {
    /** m, k, n, offset of A, offset of B, offset of C, sparsity of A. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(7, 13, 5, 3, 11, 5, 0.0),
                Arguments.of(7, 13, 5, 0, 0, 0, 0.3),
                Arguments.of(64, 784, 256, 0, 17, 0, 0.8),
                Arguments.of(64, 784, 256, 5, 0, 9, 0.8),
                Arguments.of(1, 1, 1, 2, 3, 1, 0.0),
                Arguments.of(1, 9, 1, 0, 0, 0, 0.0),
                Arguments.of(6, 3, 1, 1, 0, 2, 0.0),
                Arguments.of(1, 3, 4, 0, 2, 0, 0.0),
                Arguments.of(5, 1, 3, 4, 0, 0, 0.0));
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} offsets={3},{4},{5} sparsity={6}")
    @MethodSource("shapes")
    void bothKernelsMatchTheReferenceOnAllThreeProducts(int m, int k, int n, int aOff, int bOff, int cOff,
                                                        double sparsity) {
        Random rnd = new Random(m * 31L + k * 7L + n + aOff);
        for (Gemm gemm : new Gemm[] {Gemm.create("java"), Gemm.create("ejml"), Gemm.create("vector")}) {
            // mul: C[m×n] = A[m×k]·B[k×n]; arrays padded on both sides of the blocks.
            float[] a = random(aOff + m * k + 3, rnd, sparsity);
            float[] b = random(bOff + k * n + 2, rnd, 0);
            float[] c = random(cOff + m * n + 4, rnd, 0);
            float[] c0 = c.clone();
            gemm.mul(a, aOff, b, bOff, c, cOff, m, k, n);
            double[] ref = GemmChecks.mul(a, aOff, b, bOff, m, k, n);
            assertMatches(gemm.name() + " mul", c, cOff, ref, c0);

            // mulTransAAdd: C[k×n] += A[m×k]ᵀ·B[m×n], into a NON-ZERO C.
            float[] d = random(bOff + m * n + 2, rnd, 0.5);
            float[] acc = random(cOff + k * n + 3, rnd, 0);
            float[] acc0 = acc.clone();
            gemm.mulTransAAdd(a, aOff, d, bOff, acc, cOff, m, k, n);
            double[] refT = GemmChecks.accumulated(acc0, cOff, GemmChecks.mulTransA(a, aOff, d, bOff, m, k, n), 1);
            assertMatches(gemm.name() + " mulTransAAdd", acc, cOff, refT, acc0);

            // mulTransB: C[m×k] = A[m×n]·B[k×n]ᵀ.
            float[] dz = random(aOff + m * n + 1, rnd, sparsity);
            float[] w = random(bOff + k * n + 1, rnd, 0);
            float[] out = random(cOff + m * k + 2, rnd, 0);
            float[] out0 = out.clone();
            gemm.mulTransB(dz, aOff, w, bOff, out, cOff, m, n, k);
            double[] refB = GemmChecks.mulTransB(dz, aOff, w, bOff, m, n, k);
            assertMatches(gemm.name() + " mulTransB", out, cOff, refB, out0);
        }
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} offsets={3},{4},{5} sparsity={6}")
    @MethodSource("shapes")
    void kernelsAgreeWithEachOther(int m, int k, int n, int aOff, int bOff, int cOff, double sparsity) {
        Random rnd = new Random(99 + m + k + n);
        Gemm java = Gemm.create("java");
        Gemm ejml = Gemm.create("ejml");
        float[] a = random(aOff + m * k, rnd, sparsity);
        float[] b = random(bOff + k * n, rnd, 0);
        float[] c1 = new float[cOff + m * n];
        float[] c2 = new float[cOff + m * n];
        java.mul(a, aOff, b, bOff, c1, cOff, m, k, n);
        ejml.mul(a, aOff, b, bOff, c2, cOff, m, k, n);
        assertClose(c1, c2);

        float[] d = random(bOff + m * n, rnd, 0);
        float[] g1 = random(cOff + k * n, rnd, 0);
        float[] g2 = g1.clone();
        // Accumulate twice: the second call must add to the first's result.
        for (int rep = 0; rep < 2; rep++) {
            java.mulTransAAdd(a, aOff, d, bOff, g1, cOff, m, k, n);
            ejml.mulTransAAdd(a, aOff, d, bOff, g2, cOff, m, k, n);
        }
        assertClose(g1, g2);

        float[] t1 = new float[cOff + m * k];
        float[] t2 = new float[cOff + m * k];
        java.mulTransB(d, bOff, b, bOff, t1, cOff, m, n, k);
        ejml.mulTransB(d, bOff, b, bOff, t2, cOff, m, n, k);
        assertClose(t1, t2);
    }

    @Test
    void kernelsAreReusableAcrossShapes() {
        // Scratch buffers sized by an earlier, larger call must not leak into a later smaller one.
        Random rnd = new Random(5);
        for (String name : new String[] {"java", "ejml", "vector"}) {
            Gemm gemm = Gemm.create(name);
            float[] big = random(40 * 30, rnd, 0);
            gemm.mulTransB(big, 0, big, 3, new float[40 * 30], 0, 30, 20, 20);
            float[] a = {1f, 2f, 3f, 4f, 5f, 6f}; // 2×3
            float[] w = {0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 1f}; // 3×3 at offset 0: rows e1, e0, e2
            float[] c = new float[9];
            gemm.mulTransB(a, 0, w, 0, c, 3, 2, 3, 3);
            assertThat(c).as(name).containsExactly(0f, 0f, 0f, 2f, 1f, 3f, 5f, 4f, 6f);
            gemm.mul(a, 0, w, 0, c, 1, 2, 3, 3);
            assertThat(c).as(name).containsExactly(0f, 2f, 1f, 3f, 5f, 4f, 6f, 4f, 6f);
        }
    }

    @Test
    void createByName() {
        assertThat(Gemm.create("java")).isInstanceOf(JavaGemm.class);
        assertThat(Gemm.create(" EJML ")).isInstanceOf(EjmlGemm.class);
        assertThat(Gemm.create("java").name()).isEqualTo("java");
        assertThat(Gemm.create("ejml").name()).isEqualTo("ejml");
        assertThatThrownBy(() -> Gemm.create("blas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown kernel 'blas' (expected auto, vector, java or ejml)");
    }
}
