package io.dpnet.nn;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT compilation of the training math out of epoch 1. The SIMD kernels run on the JDK
 * Vector API, which is only fast once C2 has compiled them; until then the interpreter executes
 * every vector operation as an object, and the first full-size gradient pass of a fresh JVM takes
 * about as long as C2 needs to compile it (measured with {@code WarmupProbe}: ~10 s of wall time
 * on the loaded 2-core machine, the same whether the model is exercised with 8 rows or 256 — the
 * cost is the compilation, not the arithmetic). Doing those passes on 8 synthetic rows of the
 * real model, on a background thread while Spark starts and the data loads (work the user waits
 * for anyway), moves that compilation before the first step instead of inside it.
 *
 * <p>Only useful where the training tasks run in this JVM (Spark's local mode): executors on a
 * cluster compile their own code. Best effort: a failure here is swallowed, never reported as a
 * training error, because the training run itself will meet the same code and report properly.
 */
public final class KernelWarmup {
    /** Rows per warm-up pass: few, because the cost to hide is compilation, not arithmetic. */
    static final int ROWS = 8;
    /** Enough passes for the kernels' loops and methods to reach C2 (the probe's 40 did). */
    static final int PASSES = 64;
    /** Share of zero inputs: MNIST-like, so the kernel's zero-skipping branch is compiled too. */
    private static final double ZERO_SHARE = 0.8;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KernelWarmup() {
    }

    /**
     * Starts, once per JVM, a daemon thread that runs {@link #PASSES} gradient passes of
     * {@code spec} with {@code kernel}; returns the thread, or null if one was started before.
     */
    public static Thread startInBackground(ModelSpec spec, String kernel) {
        if (!STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread t = new Thread(() -> {
            try {
                run(spec, kernel, PASSES);
            } catch (RuntimeException | LinkageError ignored) {
                // Best effort (see the class comment): training reports any real problem itself.
            }
        }, "dpnet-kernel-warmup");
        t.setDaemon(true);
        // Below the threads Spark starts with: start-up and loading keep priority where the OS honours it.
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** Runs {@code passes} gradient passes of {@code spec} on {@link #ROWS} synthetic rows. */
    static void run(ModelSpec spec, String kernel, int passes) {
        Sequential net = new Sequential(spec);
        float[] params = net.initParams(Init.HE, 1);
        float[] gradient = net.newGradient();
        Workspace ws = net.workspace(ROWS, Gemm.create(kernel));
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[ROWS * spec.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < ZERO_SHARE ? 0f : (float) random.nextDouble();
        }
        int outputs = spec.outputSize();
        int[] labels = new int[ROWS];
        float[] targets = new float[ROWS * outputs];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = random.nextInt(outputs);
            targets[r * outputs + labels[r]] = 1f;
        }
        for (int p = 0; p < passes; p++) {
            if (spec.loss() == LossKind.CROSS_ENTROPY) {
                net.gradient(params, x, 0, labels, 0, ROWS, gradient, ws, false);
            } else {
                net.gradient(params, x, 0, targets, 0, ROWS, gradient, ws, false);
            }
        }
    }
}
