package io.dpnet.spark.score;

import io.dpnet.eval.EvalSum;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardGather;
import io.dpnet.spark.input.ShardedData;

import io.dpnet.data.IndexOrder;
import io.dpnet.eval.ConfusionMatrix;
import io.dpnet.nn.Activation;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Scores a model over a sharded dataset in parallel: every partition runs the broadcast model
 * over its shard in fixed-size chunks and returns a confusion matrix and summed log-loss.
 */
public final class DistributedEvaluator {
    /** Rows per forward pass: big enough for efficient products, small enough to stay in cache. */
    static final int CHUNK_ROWS = 256;

    private DistributedEvaluator() {
    }

    public static EvalSum evaluate(JavaSparkContext sc, ShardedData data, ModelSpec spec, float[] params,
                                   String kernel, int treeDepth) {
        return evaluate(sc, data, spec, params, kernel, treeDepth, null);
    }

    /** Scores only the samples {@code subset} lists (e.g. a validation split); all of them when null. */
    public static EvalSum evaluate(JavaSparkContext sc, ShardedData data, ModelSpec spec, float[] params,
                                   String kernel, int treeDepth, IndexOrder subset) {
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            EvalSum sum = data.shards().treeAggregate(EvalSum.empty(), scorePartition(spec, weights, kernel, subset),
                    EvalSum::merge, treeDepth);
            if (sum.confusion == null) {
                sum.confusion = new ConfusionMatrix(spec.outputSize());
            }
            return sum;
        } finally {
            // Blocking, unlike the trainer's per-step destroy(): evaluation is often the last job before
            // the context stops, and a removal still in flight then fails with the executors'
            // connections. The driver's copy goes with the Broadcast object (Spark's ContextCleaner).
            weights.unpersist(true);
        }
    }

    private static Function2<EvalSum, Shard, EvalSum> scorePartition(ModelSpec spec, Broadcast<float[]> weights,
                                                                     String kernel, IndexOrder subset) {
        return (acc, shard) -> {
            float[] params = weights.value();
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, CHUNK_ROWS, kernel);
            Sequential net = new Sequential(spec);
            if (acc.confusion == null) {
                acc.confusion = new ConfusionMatrix(spec.outputSize());
            }
            if (subset == null) {
                for (int from = 0; from < shard.count(); from += CHUNK_ROWS) {
                    int rows = Math.min(CHUNK_ROWS, shard.count() - from);
                    shard.copyRows(from, rows, slot.x, 0);
                    shard.copyLabels(from, rows, slot.y, 0);
                    score(net, params, slot.x, 0, slot.y, 0, rows, slot, acc);
                }
                return acc;
            }
            ShardGather.forEachChunk(shard, subset, 0, subset.size(), slot, CHUNK_ROWS,
                    rows -> score(net, params, slot.x, 0, slot.y, 0, rows, slot, acc));
            return acc;
        };
    }

    private static void score(Sequential net, float[] params, float[] x, int xOff, int[] y, int yOff, int rows,
                              ExecutorWorkspaces.Slot slot, EvalSum acc) {
        ModelSpec spec = net.spec();
        int classes = spec.outputSize();
        boolean softmax = spec.output().activation().kind() == Activation.Kind.SOFTMAX;
        float[] out = net.forward(params, x, xOff, rows, slot.workspace);
        float[] logits = slot.workspace.logits();
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            int label = y[yOff + r];
            acc.confusion.add(label, io.dpnet.nn.Losses.argmax(out, o, classes));
            acc.logLossSum += softmax ? logLoss(logits, o, classes, label) : Double.NaN;
        }
    }

    /** −ln softmax(z)_y as logsumexp(z) − z_y: exact even where the float probability underflows. */
    static double logLoss(float[] z, int off, int n, int label) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(z[off + j] - max);
        }
        return max + Math.log(sum) - z[off + label];
    }
}
