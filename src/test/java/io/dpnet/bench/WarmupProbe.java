package io.dpnet.bench;

import io.dpnet.nn.Activation;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where epoch 1's extra time goes: times the first gradient passes of the 784-256-256-10 network
 * at 256 rows (one chunk of a synchronous step's task) in a fresh JVM, optionally after a warm-up
 * on a tiny network. Prints numbers; not a test.
 *
 * <pre>java ... io.dpnet.bench.WarmupProbe [warmupPasses]</pre>
 */
public final class WarmupProbe {
    private WarmupProbe() {
    }

    public static void main(String[] args) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int warmRows = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        long t0 = System.nanoTime();
        if (warm > 0 && warmRows == 0) {
            pass(new int[] {64, 32, 32, 10}, 16, warm, false);
        } else if (warm > 0) {
            pass(new int[] {784, 256, 256, 10}, warmRows, warm, false);
        }
        long t1 = System.nanoTime();
        System.out.printf("warm-up %d passes: %.0f ms%n", warm, (t1 - t0) / 1e6);
        pass(new int[] {784, 256, 256, 10}, 256, 240, true);
    }

    private static void pass(int[] sizes, int rows, int passes, boolean print) {
        ModelSpec spec = ModelSpec.of(sizes, List.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        Sequential net = new Sequential(spec);
        float[] params = net.initParams(Init.HE, 1);
        float[] grad = new float[params.length];
        float[] x = new float[rows * sizes[0]];
        int[] y = new int[rows];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            // MNIST-like: about 80% of the pixels are 0, which steers the kernel's zero skipping.
            x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        }
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(sizes[sizes.length - 1]);
        }
        Workspace ws = new Workspace(spec, rows, Gemm.create("auto"));
        long start = System.nanoTime();
        long last = start;
        for (int i = 1; i <= passes; i++) {
            net.gradient(params, x, 0, y, 0, rows, grad, ws, false);
            long now = System.nanoTime();
            if (print && (i <= 3 || i % 20 == 0)) {
                System.out.printf("pass %3d: %8.2f ms, cumulative %8.1f ms%n", i, (now - last) / 1e6,
                        (now - start) / 1e6);
            }
            last = now;
        }
    }
}
