package io.dpnet.spark.score;

import io.dpnet.eval.ConfusionMatrix;
import io.dpnet.eval.EvalSum;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Losses;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionSums;
import io.dpnet.nn.RegressionTargets;
import io.dpnet.nn.embed.BlockNetwork;
import io.dpnet.nn.embed.BlockNetworkWorkspace;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Scores a block model (model.json v2) over an encoded tabular DataFrame in parallel: the dense
 * vector and the tables are broadcast once, every partition runs chunks of {@link #CHUNK_ROWS}
 * rows through one reused workspace. {@link #evaluate} sums a confusion matrix and log-loss
 * (classification) or {@link RegressionSums} (regression) with {@code treeAggregate};
 * {@link #predict} yields one output row per input row.
 */
public final class BlockScorer {
    static final int CHUNK_ROWS = 256;

    /** Classification ({@code regression == null}) or regression ({@code classification == null}) sums. */
    public record Evaluation(EvalSum classification, RegressionSums regression) implements Serializable {
    }

    /** What executors need: the specs and parameters, in serializable form. */
    private record Model(InputBlockSpec block, ModelSpec dense, float[] params, float[][] tables, boolean regression)
            implements Serializable {
        BlockParams blockParams() {
            return new BlockParams(params, new EmbeddingTables(block, tables));
        }
    }

    private BlockScorer() {
    }

    private static Model of(SavedModel m) {
        float[][] tables = new float[m.tables().count()][];
        for (int t = 0; t < tables.length; t++) {
            tables[t] = m.tables().table(t);
        }
        return new Model(m.tabular().block(), m.spec(), m.params(), tables, m.task().isRegression());
    }

    /**
     * @param encoded {@code TabularEncode.encode} with the label: label, numeric…, categorical…, [tokens]
     * @param path the input, for messages
     */
    public static Evaluation evaluate(JavaSparkContext sc, Dataset<Row> encoded, SavedModel saved, String kernel,
                                      int treeDepth, String path) {
        Model model = of(saved);
        int classes = model.regression() ? 0 : model.dense().outputSize();
        Broadcast<Model> b = sc.broadcast(model);
        try {
            JavaRDD<Evaluation> parts = encoded.javaRDD().zipWithIndex().mapPartitions(it -> {
                Model m = b.value();
                Evaluation acc = new Evaluation(m.regression() ? null : EvalSum.empty(),
                        m.regression() ? new RegressionSums(1) : null);
                if (acc.classification() != null) {
                    acc.classification().confusion = new ConfusionMatrix(classes);
                }
                forEachChunk(m, it, classes, kernel, path, (chunk, out, ws) -> {
                    if (m.regression()) {
                        acc.regression().add(out, new RegressionTargets(Arrays.copyOf(chunk.targets, chunk.rows), 1,
                                null), 0, chunk.rows);
                    } else {
                        float[] logits = ws.dense().logits();
                        for (int r = 0; r < chunk.rows; r++) {
                            int o = r * classes;
                            acc.classification().confusion.add(chunk.labels[r], Losses.argmax(out, o, classes));
                            acc.classification().logLossSum += DistributedEvaluator.logLoss(logits, o, classes,
                                    chunk.labels[r]);
                        }
                    }
                });
                return List.of(acc).iterator();
            });
            Evaluation zero = new Evaluation(model.regression() ? null : EvalSum.empty(),
                    model.regression() ? new RegressionSums(1) : null);
            if (zero.classification() != null) {
                zero.classification().confusion = new ConfusionMatrix(classes);
            }
            return parts.treeAggregate(zero, BlockScorer::merge, BlockScorer::merge, treeDepth);
        } finally {
            b.unpersist(true); // blocking: see DistributedEvaluator.evaluate
        }
    }

    private static Evaluation merge(Evaluation a, Evaluation b) {
        if (a.regression() != null) {
            a.regression().merge(b.regression());
        } else {
            a.classification().merge(b.classification());
        }
        return a;
    }

    /**
     * One row per input row, in input order: {@code row} (0-based input row), {@code prediction}
     * (the class, or the regression value) and, for classification, {@code probability}.
     *
     * @param encoded {@code TabularEncode.encode} without a label: numeric…, categorical…, [tokens]
     */
    public static Dataset<Row> predict(SparkSession spark, Dataset<Row> encoded, SavedModel saved, String kernel,
                                       String path) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Model model = of(saved);
        Broadcast<Model> b = sc.broadcast(model);
        JavaRDD<Row> rows = encoded.javaRDD().zipWithIndex().mapPartitions(it -> {
            Model m = b.value();
            int outputs = m.dense().outputSize();
            List<Row> out = new ArrayList<>();
            forEachChunk(m, it, -1, kernel, path, (chunk, y, ws) -> {
                for (int r = 0; r < chunk.rows; r++) {
                    int o = r * outputs;
                    out.add(m.regression() ? RowFactory.create(chunk.index[r], (double) y[o])
                            : RowFactory.create(chunk.index[r], Losses.argmax(y, o, outputs),
                                    Arrays.copyOfRange(y, o, o + outputs)));
                }
            });
            return out.iterator();
        });
        // The broadcast stays until the caller's write job has run (the context's cleaner frees it).
        return spark.createDataFrame(rows, schema(model.regression()));
    }

    static StructType schema(boolean regression) {
        return regression
                ? DataTypes.createStructType(List.of(DataTypes.createStructField("row", DataTypes.LongType, false),
                        DataTypes.createStructField("prediction", DataTypes.DoubleType, false)))
                : DataTypes.createStructType(List.of(DataTypes.createStructField("row", DataTypes.LongType, false),
                        DataTypes.createStructField("prediction", DataTypes.IntegerType, false),
                        DataTypes.createStructField("probability",
                                DataTypes.createArrayType(DataTypes.FloatType, false), false)));
    }

    private interface ChunkAction {
        void accept(RowChunk chunk, float[] outputs, BlockNetworkWorkspace ws);
    }

    private static void forEachChunk(Model m, Iterator<Tuple2<Row, Long>> it, int classes, String kernel, String path,
                                     ChunkAction action) throws Exception {
        BlockNetwork net = new BlockNetwork(m.block(), m.dense());
        BlockNetworkWorkspace ws = net.workspace(CHUNK_ROWS, io.dpnet.nn.Gemm.create(kernel));
        BlockParams params = m.blockParams();
        RowChunk chunk = new RowChunk(m.block(), CHUNK_ROWS, classes, path);
        while (chunk.fill(it) > 0) {
            InputRows rows = chunk.inputRows();
            float[] out = net.forward(params, rows.batch(0, chunk.rows), ws);
            action.accept(chunk, out, ws);
        }
    }
}
