package io.dpnet.spark;

import io.dpnet.eval.ConfusionMatrix;
import io.dpnet.nn.Activation;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
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
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            EvalSum sum = data.shards().treeAggregate(EvalSum.empty(), scorePartition(spec, weights, kernel),
                    EvalSum::merge, treeDepth);
            if (sum.confusion == null) {
                sum.confusion = new ConfusionMatrix(spec.outputSize());
            }
            return sum;
        } finally {
            weights.destroy();
        }
    }

    private static Function2<EvalSum, Shard, EvalSum> scorePartition(ModelSpec spec, Broadcast<float[]> weights,
                                                                     String kernel) {
        return (acc, shard) -> {
            float[] params = weights.value();
            Workspace ws = ExecutorWorkspaces.get(spec, CHUNK_ROWS, kernel).workspace;
            Sequential net = new Sequential(spec);
            int classes = spec.outputSize();
            boolean softmax = spec.output().activation().kind() == Activation.Kind.SOFTMAX;
            if (acc.confusion == null) {
                acc.confusion = new ConfusionMatrix(classes);
            }
            int[] y = shard.y();
            for (int from = 0; from < shard.count(); from += CHUNK_ROWS) {
                int rows = Math.min(CHUNK_ROWS, shard.count() - from);
                float[] out = net.forward(params, shard.x(), from * shard.features(), rows, ws);
                float[] logits = ws.logits();
                for (int r = 0; r < rows; r++) {
                    int o = r * classes;
                    int label = y[from + r];
                    acc.confusion.add(label, io.dpnet.nn.Losses.argmax(out, o, classes));
                    acc.logLossSum += softmax ? logLoss(logits, o, classes, label) : Double.NaN;
                }
            }
            return acc;
        };
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
