package io.dpnet.bench;

import io.dpnet.data.IdxDataset;
import io.dpnet.model.ModelIo;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * What the weights do to the math: the same rows' forward + backward ({@link Sequential#gradient},
 * the step's exact path) at He-initialized weights and at each given saved model's, interleaved
 * in slices in one JVM so that a slow spell of a shared machine touches every set of weights
 * alike. The kernels skip zeros, and a trained network's ReLU activations have more of them; this
 * is why {@code dpnet plan --weights}/{@code --against} time the math at a trained model's weights.
 * Prints the mean microseconds per sample of each and its ratio to the initial weights.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dpnet.bench.WeightsMathBenchmark RUN7/model RUN15/model
 * </pre>
 * Options: {@code -Ddata} (default data/mnist), {@code -Drows} (rows per pass, default 512),
 * {@code -Drounds} (default 10), {@code -DsliceMs} (default 300), {@code -DwarmupMs} (default 4000).
 */
public final class WeightsMathBenchmark {
    private WeightsMathBenchmark() {
    }

    public static void main(String[] models) throws Exception {
        if (models.length == 0) {
            throw new IllegalArgumentException("give one or more saved model directories of one network");
        }
        Configuration conf = new Configuration();
        String data = System.getProperty("data", "data/mnist");
        int rows = Integer.getInteger("rows", 512);
        int rounds = Integer.getInteger("rounds", 10);
        long slice = Long.getLong("sliceMs", 300) * 1_000_000L;
        long warmup = Long.getLong("warmupMs", 4000) * 1_000_000L;
        ModelSpec spec = ModelIo.load(conf, models[0]).spec();
        Sequential net = new Sequential(spec);
        List<String> names = new ArrayList<>(List.of("He-initialized"));
        List<float[]> weights = new ArrayList<>();
        weights.add(net.initParams(Init.HE, 1));
        for (String m : models) {
            var model = ModelIo.load(conf, m);
            if (!model.spec().equals(spec)) {
                throw new IllegalArgumentException(m + " is " + model.spec() + ", " + models[0] + " is " + spec);
            }
            names.add(m);
            weights.add(model.params());
        }
        IdxDataset set = IdxDataset.open(conf, data + "/train-images-idx3-ubyte", data + "/train-labels-idx1-ubyte",
                spec.outputSize());
        float[] x = new float[rows * spec.inputSize()];
        int[] y = new int[rows];
        set.read(conf, 0, rows, x, 0, y, 0);
        double[] gradient = new double[spec.paramCount()];
        Workspace ws = net.workspace(rows, Gemm.create("auto"));
        long end = System.nanoTime() + warmup;
        while (System.nanoTime() < end) {
            for (float[] w : weights) {
                net.gradient(w, x, 0, y, 0, rows, gradient, ws, null);
            }
        }
        double[] micros = new double[weights.size()];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < weights.size(); k++) {
                long t0 = System.nanoTime();
                int passes = 0;
                while (System.nanoTime() - t0 < slice) {
                    net.gradient(weights.get(k), x, 0, y, 0, rows, gradient, ws, null);
                    passes++;
                }
                micros[k] += (System.nanoTime() - t0) / 1e3 / rows / passes / rounds;
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d rows of %s per pass, %d rounds of %d ms slices, load %.2f%n", spec,
                rows, data, rounds, slice / 1_000_000L,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int k = 0; k < micros.length; k++) {
            System.out.printf(Locale.ROOT, "  %-60s %7.2f us/sample  x%.2f%n", names.get(k), micros[k],
                    micros[k] / micros[0]);
        }
    }
}
