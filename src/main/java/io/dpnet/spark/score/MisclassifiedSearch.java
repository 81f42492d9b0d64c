package io.dpnet.spark.score;

import io.dpnet.eval.Misclassification;
import io.dpnet.eval.TopMisclassified;
import io.dpnet.spark.input.ExecutorWorkspaces;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardedData;

import io.dpnet.nn.Activation;
import io.dpnet.nn.Losses;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Finds the K test samples a model gets wrong most confidently — the most instructive failures
 * to look at — without collecting predictions: every partition keeps its own top K in a
 * {@link TopMisclassified} heap and {@code treeAggregate} merges the heaps, so only
 * {@code partitions × K} samples ever leave the executors.
 */
public final class MisclassifiedSearch {
    private MisclassifiedSearch() {
    }

    /**
     * The (at most) {@code k} wrongly predicted samples of {@code data} with the highest
     * {@link #confidence}, strongest first; ties go to the lower sample index.
     */
    public static List<Misclassification> find(JavaSparkContext sc, ShardedData data, ModelSpec spec, float[] params,
                                               String kernel, int k, int treeDepth) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (data.features() != spec.inputSize()) {
            throw new IllegalArgumentException("the data has " + data.features() + " features per sample but the "
                    + "model takes " + spec.inputSize());
        }
        Broadcast<float[]> weights = sc.broadcast(params);
        try {
            TopMisclassified top = data.shards().treeAggregate(new TopMisclassified(k, data.features()),
                    searchPartition(spec, weights, kernel), TopMisclassified::merge, treeDepth);
            return top.sorted();
        } finally {
            weights.unpersist(true); // blocking: see DistributedEvaluator.evaluate
        }
    }

    private static Function2<TopMisclassified, Shard, TopMisclassified> searchPartition(
            ModelSpec spec, Broadcast<float[]> weights, String kernel) {
        return (top, shard) -> {
            float[] params = weights.value();
            ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, DistributedEvaluator.CHUNK_ROWS, kernel);
            Workspace ws = slot.workspace;
            Sequential net = new Sequential(spec);
            int classes = spec.outputSize();
            int features = shard.features();
            boolean softmax = spec.output().activation().kind() == Activation.Kind.SOFTMAX;
            for (int from = 0; from < shard.count(); from += DistributedEvaluator.CHUNK_ROWS) {
                int rows = Math.min(DistributedEvaluator.CHUNK_ROWS, shard.count() - from);
                shard.copyRows(from, rows, slot.x, 0);
                float[] out = net.forward(params, slot.x, 0, rows, ws);
                for (int r = 0; r < rows; r++) {
                    int o = r * classes;
                    int label = shard.label(from + r);
                    int predicted = Losses.argmax(out, o, classes);
                    if (predicted == label) {
                        continue;
                    }
                    float conf = confidence(out, o, classes, predicted, softmax);
                    long index = (long) shard.start() + from + r;
                    if (top.wouldKeep(conf, index)) {
                        top.offer(index, label, predicted, conf, slot.x, r * features);
                    }
                }
            }
            return top;
        };
    }

    /**
     * The probability the model assigns to class {@code predicted}: the softmax output itself,
     * or — for a model without a softmax output (e.g. trained with mse) — the softmax of its
     * outputs, which ranks samples the same way as the margin of the argmax.
     */
    public static float confidence(float[] out, int off, int classes, int predicted, boolean softmaxOutput) {
        if (softmaxOutput) {
            return out[off + predicted];
        }
        float max = out[off + predicted];
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            sum += Math.exp(out[off + j] - max);
        }
        return (float) (1.0 / sum);
    }
}
