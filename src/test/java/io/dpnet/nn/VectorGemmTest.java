package io.dpnet.nn;

import static io.dpnet.nn.GemmChecks.assertClose;
import static io.dpnet.nn.GemmChecks.assertMatches;
import static io.dpnet.nn.GemmChecks.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link VectorGemm} against a naive double-precision reference on shapes that exercise every
 * path: full tiles, row and column tails, narrow products (computed transposed), padded
 * operands, offsets, sparse inputs (zero-skipping) and the large-batch transpose of D·Wᵀ.
 * The surefire JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
class VectorGemmTest {
    private static final int L = VectorGemm.lanes();

    /** m, k, n, sparsity of A ("mnist" = spatially clustered zeros like MNIST pixels is -1). */
    static Stream<Arguments> shapes() {
        List<Arguments> args = new ArrayList<>();
        int[] ms = {1, 2, 3, 4, 5, 7, 13, 64, 130, 333};
        int[] ns = {1, 3, 5, 10, L - 1, L, L + 1, 2 * L + 3, 3 * L, 4 * L, 4 * L + 5, 5 * L, 100, 256};
        int[] ks = {1, 5, 13, L, 37, 256};
        // A deterministic, broad sample of m × k × n (the full product would be slow).
        Random rnd = new Random(42);
        for (int n : ns) {
            for (int k : ks) {
                int m = ms[rnd.nextInt(ms.length)];
                args.add(Arguments.of(m, k, n, 0.0));
            }
        }
        for (int m : ms) {
            args.add(Arguments.of(m, 17, 7, 0.0));
            args.add(Arguments.of(m, 33, 2 * L + 1, 0.5));
        }
        // The network's shapes, dense and with MNIST-like zeros in X.
        for (int m : new int[] {1, 6, 64, 128, 333}) {
            args.add(Arguments.of(m, 784, 256, 0.0));
            args.add(Arguments.of(m, 784, 256, -1.0));
            args.add(Arguments.of(m, 256, 256, 0.5));
            args.add(Arguments.of(m, 256, 10, 0.0));
        }
        args.add(Arguments.of(37, 100, 50, 0.95));
        args.add(Arguments.of(40, 64, 64, 1.0));
        return args.stream();
    }

    /** Rows of {@code k} "pixels" that are zero outside a random window, like MNIST digits. */
    private static float[] clustered(int off, int rows, int k, int pad, Random rnd) {
        float[] v = new float[off + rows * k + pad];
        for (int r = 0; r < rows; r++) {
            int from = k / 5 + rnd.nextInt(Math.max(1, k / 5));
            int to = Math.min(k, from + k / 3 + rnd.nextInt(Math.max(1, k / 5)));
            for (int p = from; p < to; p++) {
                v[off + r * k + p] = rnd.nextDouble() < 0.4 ? 0f : rnd.nextFloat();
            }
        }
        return v;
    }

    private static float[] input(int off, int rows, int cols, int pad, Random rnd, double sparsity) {
        if (sparsity < 0) {
            return clustered(off, rows, cols, pad, rnd);
        }
        float[] v = random(off + rows * cols + pad, rnd, sparsity);
        return v;
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} sparsity={3}")
    @MethodSource("shapes")
    void allThreeProductsMatchTheReference(int m, int k, int n, double sparsity) {
        Random rnd = new Random(m * 1_000_003L + k * 1009L + n);
        int aOff = rnd.nextInt(3) * 7;
        int bOff = rnd.nextInt(3) * 5;
        int cOff = rnd.nextInt(3) * 3;
        Gemm gemm = new VectorGemm();

        // mul: C[m×n] = A[m×k]·B[k×n].
        float[] a = input(aOff, m, k, 3, rnd, sparsity);
        float[] b = random(bOff + k * n + 2, rnd, 0);
        float[] c = random(cOff + m * n + 4, rnd, 0);
        float[] c0 = c.clone();
        gemm.mul(a, aOff, b, bOff, c, cOff, m, k, n);
        double[] ref = GemmChecks.mul(a, aOff, b, bOff, m, k, n);
        assertMatches("mul", c, cOff, ref, c0);

        // mulTransAAdd: C[k×n] += A[m×k]ᵀ·D[m×n], into a NON-ZERO C, twice.
        float[] d = random(bOff + m * n + 2, rnd, 0.3);
        float[] acc = random(cOff + k * n + 3, rnd, 0);
        float[] acc0 = acc.clone();
        gemm.mulTransAAdd(a, aOff, d, bOff, acc, cOff, m, k, n);
        gemm.mulTransAAdd(a, aOff, d, bOff, acc, cOff, m, k, n);
        double[] refT = GemmChecks.accumulated(acc0, cOff, GemmChecks.mulTransA(a, aOff, d, bOff, m, k, n), 2);
        assertMatches("mulTransAAdd", acc, cOff, refT, acc0);

        // mulTransB: C[m×k] = D[m×n]·B[k×n]ᵀ (B is the k×n weight block).
        float[] dz = input(aOff, m, n, 1, rnd, sparsity);
        float[] out = random(cOff + m * k + 2, rnd, 0);
        float[] out0 = out.clone();
        gemm.mulTransB(dz, aOff, b, bOff, out, cOff, m, n, k);
        double[] refB = GemmChecks.mulTransB(dz, aOff, b, bOff, m, n, k);
        assertMatches("mulTransB", out, cOff, refB, out0);
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} sparsity={3}")
    @MethodSource("shapes")
    void agreesWithJavaGemm(int m, int k, int n, double sparsity) {
        Random rnd = new Random(7 + m + 31L * k + 1009L * n);
        Gemm vector = new VectorGemm();
        Gemm java = new JavaGemm();
        float[] a = input(0, m, k, 0, rnd, sparsity);
        float[] b = random(k * n, rnd, 0);
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        vector.mul(a, 0, b, 0, c1, 0, m, k, n);
        java.mul(a, 0, b, 0, c2, 0, m, k, n);
        assertClose(c1, c2);

        float[] d = random(m * n, rnd, 0);
        float[] g1 = random(k * n, rnd, 0);
        float[] g2 = g1.clone();
        vector.mulTransAAdd(a, 0, d, 0, g1, 0, m, k, n);
        java.mulTransAAdd(a, 0, d, 0, g2, 0, m, k, n);
        assertClose(g1, g2);

        float[] t1 = new float[m * k];
        float[] t2 = new float[m * k];
        vector.mulTransB(d, 0, b, 0, t1, 0, m, n, k);
        java.mulTransB(d, 0, b, 0, t2, 0, m, n, k);
        assertClose(t1, t2);
    }

    @Test
    void mulOverwritesAndMulTransAAddAccumulates() {
        // C = [[1, 2]] · I₂ overwrites whatever C held; Aᵀ·D adds to it.
        Gemm gemm = new VectorGemm();
        float[] c = {9f, 9f};
        gemm.mul(new float[] {1f, 2f}, 0, new float[] {1f, 0f, 0f, 1f}, 0, c, 0, 1, 2, 2);
        assertThat(c).containsExactly(1f, 2f);
        float[] g = {10f, 20f, 30f, 40f};
        gemm.mulTransAAdd(new float[] {1f, 2f}, 0, new float[] {3f, 4f}, 0, g, 0, 1, 2, 2);
        assertThat(g).containsExactly(13f, 24f, 36f, 48f);
    }

    @Test
    void degenerateShapes() {
        Gemm gemm = new VectorGemm();
        float[] c = {5f, 5f, 5f};
        gemm.mul(new float[0], 0, new float[0], 0, c, 0, 1, 0, 3);
        assertThat(c).containsExactly(0f, 0f, 0f);
        float[] g = {5f, 5f, 5f};
        gemm.mulTransAAdd(new float[0], 0, new float[3], 0, g, 0, 0, 1, 3);
        assertThat(g).containsExactly(5f, 5f, 5f);
        float[] t = {5f, 5f};
        gemm.mulTransB(new float[0], 0, new float[0], 0, t, 0, 1, 0, 2);
        assertThat(t).containsExactly(0f, 0f);
    }

    @Test
    void reusableAcrossShapesAndSparsity() {
        // Scratch (padded copies, step lists) sized by a larger call must not leak into a later one.
        Random rnd = new Random(5);
        Gemm gemm = new VectorGemm();
        Gemm java = new JavaGemm();
        int[][] shapes = {{333, 784, 256}, {5, 3, 10}, {64, 784, 256}, {2, 256, 10}, {130, 256, 256}, {1, 1, 1}};
        for (int round = 0; round < 2; round++) {
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                float[] a = round == 0 ? clustered(0, m, k, 0, rnd) : random(m * k, rnd, 0);
                float[] b = random(k * n, rnd, 0);
                float[] d = random(m * n, rnd, 0.5);
                float[] c1 = new float[m * n], c2 = new float[m * n];
                gemm.mul(a, 0, b, 0, c1, 0, m, k, n);
                java.mul(a, 0, b, 0, c2, 0, m, k, n);
                assertClose(c1, c2);
                float[] g1 = new float[k * n], g2 = new float[k * n];
                gemm.mulTransAAdd(a, 0, d, 0, g1, 0, m, k, n);
                java.mulTransAAdd(a, 0, d, 0, g2, 0, m, k, n);
                assertClose(g1, g2);
                float[] t1 = new float[m * k], t2 = new float[m * k];
                gemm.mulTransB(d, 0, b, 0, t1, 0, m, n, k);
                java.mulTransB(d, 0, b, 0, t2, 0, m, n, k);
                assertClose(t1, t2);
            }
        }
    }

    /** Run in a JVM started WITHOUT --add-modules jdk.incubator.vector. */
    public static final class WithoutModule {
        public static void main(String[] args) {
            System.out.println("module=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
            System.out.println("auto=" + Gemm.create("auto").getClass().getSimpleName());
            System.out.println("java=" + Gemm.create("java").name());
            try {
                Gemm.create("vector");
                System.out.println("vector=created");
            } catch (IllegalArgumentException e) {
                System.out.println("vector=" + e.getMessage());
            }
        }
    }

    @Test
    void withoutTheModuleAutoFallsBackToJavaAndVectorFailsClearly() throws Exception {
        String launcher = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"),
                WithoutModule.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("module=false", "auto=JavaGemm", "java=java",
                "vector=kernel 'vector' needs the JVM flag --add-modules jdk.incubator.vector");
        assertThat(out).contains("kernel: java (auto: start the JVM with --add-modules").doesNotContain("NoClassDefFoundError");
    }

    @Test
    void createPicksTheVectorKernel() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(Gemm.create("auto")).isInstanceOf(VectorGemm.class);
        assertThat(Gemm.create(" Vector ")).isInstanceOf(VectorGemm.class);
        assertThat(Gemm.create("vector").name()).isEqualTo("vector");
        assertThat(Gemm.create("vector").toString()).startsWith("vector (FloatVector ").endsWith("-bit)");
    }
}
