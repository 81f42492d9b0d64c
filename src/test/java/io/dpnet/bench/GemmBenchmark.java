package io.dpnet.bench;

import io.dpnet.nn.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three dense-layer products per kernel, single-threaded. Run through
 * {@code scripts/bench-kernels.sh}, which prints GFLOPS (2·m·k·n flops per operation) per
 * kernel/op/shape from the {@code product:flops} aux counter (flops per second).
 *
 * <p>{@code shape} is the layer's {@code inputs x outputs} (k × n); {@code rows} is the batch m.
 * Inputs are dense Gaussian (no zeros), so zero-skipping kernels get no help here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"ejml", "java", "vector"})
    public String kernel;

    /** weightGradExact: the weight gradient into a double accumulator (exact sums, the synchronous step's). */
    @Param({"forward", "weightGrad", "weightGradExact", "inputGrad"})
    public String op;

    @Param({"128", "256", "512"})
    public int rows;

    @Param({"784x256", "256x256", "256x10"})
    public String shape;

    private Gemm gemm;
    private int m;
    private int k;
    private int n;
    private float[] x;
    private float[] w;
    private float[] z;
    private float[] d;
    private float[] gw;
    private double[] gwExact;
    private float[] dx;
    private int opCode;

    @Setup(Level.Trial)
    public void setup() {
        gemm = Gemm.create(kernel);
        String[] parts = shape.split("x");
        m = rows;
        k = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        Random rnd = new Random(42);
        x = gaussian(m * k, rnd);
        w = gaussian(k * n, rnd);
        d = gaussian(m * n, rnd);
        z = new float[m * n];
        gw = new float[k * n];
        gwExact = new double[k * n];
        dx = new float[m * k];
        opCode = switch (op) {
            case "forward" -> 0;
            case "weightGrad" -> 1;
            case "inputGrad" -> 2;
            case "weightGradExact" -> 3;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    private static float[] gaussian(int size, Random rnd) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Flops done, as an aux counter: JMH reports it per second next to the ops/s score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double flops;
    }

    @Benchmark
    public float product(Flops counter) {
        switch (opCode) {
            case 0 -> gemm.mul(x, 0, w, 0, z, 0, m, k, n);
            case 1 -> gemm.mulTransAAdd(x, 0, d, 0, gw, 0, m, k, n);
            case 3 -> gemm.mulTransAAdd(x, 0, d, 0, gwExact, 0, m, k, n);
            default -> gemm.mulTransB(d, 0, w, 0, dx, 0, m, n, k);
        }
        counter.flops += 2.0 * m * k * n;
        return opCode == 0 ? z[0] : opCode == 1 ? gw[0] : opCode == 3 ? (float) gwExact[0] : dx[0];
    }
}
