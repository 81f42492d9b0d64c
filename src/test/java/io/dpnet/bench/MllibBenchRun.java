package io.dpnet.bench;

import io.dpnet.data.IdxDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} (L-BFGS, its default solver) on the same
 * MNIST, same layers 784-256-256-10 (sigmoid hidden layers and a softmax output: MLlib's only
 * choice), in-process on a local master, blockSize 128, seed 42.
 *
 * <p>L-BFGS has no epochs and MLlib exposes no per-iteration model, so accuracy against time comes
 * from separate fits from scratch with {@code maxIter} = each of {@code --iters} (e.g.
 * 10,25,50,100): L-BFGS is deterministic and {@code maxIter} only stops it, so the fit with
 * {@code maxIter=m} IS the first m iterations of a longer run, and its wall time is what MLlib
 * takes to get there (data preparation included, as in any fit). Warm-starting chunks with
 * {@code setInitialWeights} would be cheaper but unfair: every restart loses L-BFGS's curvature
 * memory and pays a fresh line search (in a smoke run, 2-iteration chunks took 4-7× the time per
 * iteration of one uninterrupted fit). One untimed
 * 1-iteration fit first warms up the JVM, so every point is timed alike.
 *
 * <p>MLlib computes with dev.ludovic.netlib's BLAS: native (JNI to the system's libblas.so.3, e.g.
 * OpenBLAS) when it loads, otherwise the JDK Vector API or plain Java; the part records which
 * (class and the BLAS libraries mapped into the process).
 * <pre>
 * MllibBenchRun [--master local[2]] [--data data/mnist] [--iters 10,25,50,100] --out part.json
 * </pre>
 */
public final class MllibBenchRun {
    private static final int[] LAYERS = {784, 256, 256, 10};

    private MllibBenchRun() {
    }

    public static void main(String[] args) throws Exception {
        String master = BenchPart.arg(args, "--master", "local[2]");
        String dataDir = BenchPart.arg(args, "--data", "data/mnist");
        String[] iters = BenchPart.arg(args, "--iters", "10,25,50,100").split(",");
        String out = BenchPart.arg(args, "--out", null);
        SparkSession spark = SparkSession.builder().master(master).appName("mllib-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        try {
            int partitions = DpnetBenchRun.localThreads(master);
            Dataset<Row> train = load(spark, dataDir, "train", partitions).cache();
            Dataset<Row> test = load(spark, dataDir, "t10k", partitions).cache();
            long n = train.count();
            test.count();
            String blas = blasImplementation();
            System.out.printf("mllib bench: MultilayerPerceptronClassifier %s on %s, BLAS %s%n",
                    java.util.Arrays.toString(LAYERS), master, blas);
            long params = 0;
            for (int l = 1; l < LAYERS.length; l++) {
                params += (long) LAYERS[l - 1] * LAYERS[l] + LAYERS[l];
            }
            BenchPart part = new BenchPart("mllib", "l-bfgs",
                    "MultilayerPerceptronClassifier, L-BFGS, blockSize 128, sigmoid hidden layers; one fit from "
                            + "scratch per point (maxIter " + String.join(",", iters) + ")", "iteration", params);
            classifier(1).fit(train); // JVM and BLAS warm-up, not timed
            for (String m : iters) {
                long t0 = System.nanoTime();
                MultilayerPerceptronClassificationModel model = classifier(Integer.parseInt(m.trim())).fit(train);
                double seconds = (System.nanoTime() - t0) / 1e9;
                int ran = model.summary().totalIterations();
                double accuracy = accuracy(model, test);
                part.point(ran, seconds, ran * n, accuracy, Double.NaN);
                System.out.printf("  maxIter %s: %d iterations in %.1fs (%.2fs/iteration), test %.2f%%, loss %.4f%n",
                        m, ran, seconds, seconds / Math.max(1, ran), accuracy * 100,
                        last(model.summary().objectiveHistory()));
            }
            part.info.put("master", master);
            part.info.put("blas", blas);
            part.info.put("blasLibraries", loadedBlasLibraries());
            part.info.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
            part.info.put("sparkVersion", spark.version());
            part.write(out);
        } finally {
            spark.stop();
        }
    }

    private static MultilayerPerceptronClassifier classifier(int maxIter) {
        return new MultilayerPerceptronClassifier().setLayers(LAYERS).setBlockSize(128).setSeed(42L)
                .setMaxIter(maxIter);
    }

    private static double last(double[] history) {
        return history.length == 0 ? Double.NaN : history[history.length - 1];
    }

    private static double accuracy(MultilayerPerceptronClassificationModel model, Dataset<Row> test) {
        Dataset<Row> predicted = model.transform(test);
        long right = predicted.filter("prediction = label").count();
        return (double) right / test.count();
    }

    /** MNIST through dpnet's IDX reader (pixels / 255), as a DataFrame of (label, features). */
    static Dataset<Row> load(SparkSession spark, String dir, String split, int partitions) throws Exception {
        IdxDataset data = IdxDataset.open(new Configuration(), dir + "/" + split + "-images-idx3-ubyte",
                dir + "/" + split + "-labels-idx1-ubyte", 10);
        int n = data.count();
        int f = data.features();
        float[] x = new float[n * f];
        int[] y = new int[n];
        data.read(new Configuration(), 0, n, x, 0, y, 0);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = new double[f];
            for (int j = 0; j < f; j++) {
                v[j] = x[i * f + j];
            }
            rows.add(RowFactory.create((double) y[i], Vectors.dense(v)));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features",
                SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /** Which native BLAS libraries this process has mapped (Linux), e.g. OpenBLAS's libblas.so.3. */
    static String loadedBlasLibraries() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            return String.join(" ", lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.contains("blas") || f.contains("netlib")).distinct().toList());
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The BLAS MLlib's ANN layers call (ml.linalg.BLAS.nativeBLAS: native if it loads, else Java). */
    static String blasImplementation() {
        try {
            Object module = Class.forName("org.apache.spark.ml.linalg.BLAS$").getField("MODULE$").get(null);
            Object blas = module.getClass().getMethod("nativeBLAS").invoke(module);
            return blas.getClass().getName();
        } catch (ReflectiveOperationException e) {
            return "unknown (" + e + ")";
        }
    }
}
