package io.dpnet.nn;

import java.util.Locale;

/**
 * The three matrix products a dense layer needs, on row-major blocks addressed by
 * (array, offset) — so a layer's weights can be a view into the model's flat parameter vector.
 *
 * <p>Implementations may keep scratch buffers, so an instance belongs to one thread (one
 * {@link Workspace}).
 */
public interface Gemm {
    /** {@code C[m×n] = A[m×k] · B[k×n]} (forward: X·W). */
    void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);

    /** {@code C[k×n] += A[m×k]ᵀ · B[m×n]} (weight gradient: Xᵀ·dZ, accumulated). */
    void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);

    /**
     * {@code C[k×n] += A[m×k]ᵀ · B[m×n]} into a double accumulator — the weight gradient summed so
     * that its value does not depend on how the samples were split. Each product of two floats is
     * exact in double (24 + 24 bits ≤ 53), and every element adds its products in sample order
     * ({@code i = 0 … m-1}) starting from the value in {@code C}; so every implementation gives the
     * same bits, and sums over differently split batches differ only at 2⁻⁵³ relative — far below
     * the float the driver rounds the total to (see docs/design.md, "Exact sums").
     *
     * <p>This default is the scalar reference; kernels may override it with the same summation order.
     */
    default void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, double[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int bi = bOff + i * n;
            for (int p = 0; p < k; p++) {
                float av = a[ai + p];
                if (av == 0f) {
                    continue; // adds ±0: skipping it leaves the sum's value unchanged
                }
                double x = av;
                int cp = cOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cp + j] += x * b[bi + j];
                }
            }
        }
    }

    /** {@code C[m×k] = A[m×n] · B[k×n]ᵀ} (input gradient: dZ·Wᵀ). */
    void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k);

    /** Short name for logs and configs. */
    String name();

    /**
     * Creates a kernel by name: {@code java} (plain loops the JIT vectorizes),
     * {@code ejml} (EJML's CommonOps_FDRM; the portable reference path), {@code vector}
     * ({@link VectorGemm}: register-blocked SIMD on the JDK Vector API; needs the JVM flag
     * {@code --add-modules jdk.incubator.vector}) or {@code auto} ({@code vector} when that
     * module is loaded, else {@code java}). The kernel chosen is logged once per JVM.
     *
     * @throws IllegalArgumentException for an unknown name, or {@code vector} without the module
     */
    static Gemm create(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Gemm gemm = switch (key) {
            case "java" -> new JavaGemm();
            case "ejml" -> new EjmlGemm();
            case "vector" -> {
                if (!Selection.vectorModuleLoaded()) {
                    throw new IllegalArgumentException(
                            "kernel 'vector' needs the JVM flag --add-modules jdk.incubator.vector");
                }
                yield Selection.newVectorGemm();
            }
            case "auto" -> Selection.vectorModuleLoaded() ? Selection.newVectorGemm() : new JavaGemm();
            default -> throw new IllegalArgumentException("unknown kernel '" + name + "' (expected auto, vector, java or ejml)");
        };
        Selection.logOnce(key, gemm);
        return gemm;
    }

    /**
     * The {@link #name()} of the kernel {@link #create} would build for {@code name}: {@code auto}
     * resolves to {@code vector} or {@code java}; other names are lower-cased. Lets a cache compare
     * a configured kernel with the one it holds without building a kernel.
     */
    static String resolvedName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return key.equals("auto") ? (Selection.vectorModuleLoaded() ? "vector" : "java") : key;
    }

    /** Kernel selection plumbing for {@link #create}; not an API. */
    final class Selection {
        private static final String VECTOR_MODULE = "jdk.incubator.vector";
        private static final String VECTOR_CLASS = "io.dpnet.nn.VectorGemm";
        private static final boolean VECTOR_MODULE_LOADED = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private Selection() {
        }

        private static boolean vectorModuleLoaded() {
            return VECTOR_MODULE_LOADED;
        }

        /** Reflective, so that nothing references the incubator API unless the module is loaded. */
        private static Gemm newVectorGemm() {
            try {
                return (Gemm) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("cannot load the vector kernel " + VECTOR_CLASS, e);
            }
        }

        private static void logOnce(String requested, Gemm chosen) {
            String message = "kernel: " + describe(chosen);
            if (requested.equals("auto") && !VECTOR_MODULE_LOADED) {
                message += " (auto: start the JVM with --add-modules " + VECTOR_MODULE + " for the vector kernel)";
            }
            if (LOGGED.add(message)) {
                System.getLogger("io.dpnet.nn").log(System.Logger.Level.INFO, message);
            }
        }

        private static String describe(Gemm gemm) {
            // VectorGemm's toString names its species, e.g. "vector (FloatVector 512-bit)".
            return gemm.getClass().getName().equals(VECTOR_CLASS) ? gemm.toString() : gemm.name();
        }
    }
}
