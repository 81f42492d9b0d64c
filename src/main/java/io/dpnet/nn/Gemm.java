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

    /** {@code C[m×k] = A[m×n] · B[k×n]ᵀ} (input gradient: dZ·Wᵀ). */
    void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k);

    /** Short name for logs and configs. */
    String name();

    /**
     * Creates a kernel by name: {@code java} (plain loops the JIT vectorizes; the default) or
     * {@code ejml} (EJML's CommonOps_FDRM; the portable reference path).
     */
    static Gemm create(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "java" -> new JavaGemm();
            case "ejml" -> new EjmlGemm();
            default -> throw new IllegalArgumentException("unknown kernel '" + name + "' (expected java or ejml)");
        };
    }
}
