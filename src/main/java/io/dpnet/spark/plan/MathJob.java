package io.dpnet.spark.plan;

import io.dpnet.nn.ModelSpec;
import io.dpnet.plan.MathCost;
import io.dpnet.plan.MathProbe;
import io.dpnet.plan.Measured;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs {@link MathProbe#math} in every task slot at once, one Spark task each, where a step's
 * tasks run: in the driver's JVM in local mode, in the executors' JVMs on a cluster. A step's
 * tasks do their math at the same time, sharing the cores, caches and memory bandwidth with each
 * other (and, on one machine, with the other JVMs); a lone thread on the driver measured MNIST's
 * math 10–40% faster than the step's tasks ran it. The tasks' rates are averaged per chunk size.
 */
public final class MathJob {
    /** The warm-up's passes, rows per pass and seconds, after the chunk sizes in a task's result. */
    private static final int WARMUP_FIELDS = 3;

    private MathJob() {
    }

    /** The math cost as {@code tasks} concurrent tasks measure {@code setup}. */
    public static MathCost measure(JavaSparkContext sc, MathProbe.Setup setup, int tasks, Consumer<String> progress) {
        // The weights travel as a broadcast float[] (Kryo-registered), not in the task binary: a
        // model-sized closure makes Spark warn about a large task binary and ship it with every task.
        Broadcast<float[]> weights = sc.broadcast(setup.weights().params());
        MathProbe.Rows rows = setup.rows();
        ModelSpec spec = setup.spec();
        String kernel = setup.kernel();
        String source = setup.weights().source();
        List<double[]> flat;
        try {
            flat = sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                    .map(i -> {
                        double[] warm = new double[WARMUP_FIELDS];
                        MathProbe.Setup here = new MathProbe.Setup(spec, kernel, rows,
                                new MathProbe.Weights(weights.value(), source));
                        MathCost c = MathProbe.math(here, (passes, n, seconds) -> {
                            warm[0] = passes;
                            warm[1] = n;
                            warm[2] = seconds;
                        });
                        return encode(c, warm);
                    })
                    .collect();
        } finally {
            weights.destroy();
        }
        List<MathCost> costs = new ArrayList<>();
        double slowestWarmup = 0;
        int passes = 0;
        int passRows = 0;
        for (double[] f : flat) {
            costs.add(decode(f));
            if (f[f.length - 1] >= slowestWarmup) {
                slowestWarmup = f[f.length - 1];
                passes = (int) f[f.length - 3];
                passRows = (int) f[f.length - 2];
            }
        }
        progress.accept(String.format(Locale.ROOT, "math: %d task(s) at once on %s with %s; slowest warm-up %d "
                + "passes of %d rows in %.1f s", tasks, setup.rows().source(), setup.weights().source(), passes, passRows,
                slowestWarmup));
        return MathCost.meanOf(costs);
    }

    /**
     * A task's result as a double[] (Kryo registration covers it; a dpnet record would need its
     * own): max chunk rows, then per chunk size its rows, value, low, high; then the warm-up.
     */
    static double[] encode(MathCost c, double[] warmup) {
        int k = c.chunkRows().length;
        double[] out = new double[1 + 4 * k + warmup.length];
        out[0] = c.maxChunkRows();
        for (int i = 0; i < k; i++) {
            out[1 + 4 * i] = c.chunkRows()[i];
            out[2 + 4 * i] = c.perSample()[i].value();
            out[3 + 4 * i] = c.perSample()[i].low();
            out[4 + 4 * i] = c.perSample()[i].high();
        }
        System.arraycopy(warmup, 0, out, 1 + 4 * k, warmup.length);
        return out;
    }

    static MathCost decode(double[] f) {
        int k = (f.length - 1 - WARMUP_FIELDS) / 4;
        int[] chunks = new int[k];
        Measured[] rates = new Measured[k];
        for (int i = 0; i < k; i++) {
            chunks[i] = (int) f[1 + 4 * i];
            rates[i] = new Measured(f[2 + 4 * i], f[3 + 4 * i], f[4 + 4 * i]);
        }
        return new MathCost(chunks, rates, (int) f[0]);
    }
}
