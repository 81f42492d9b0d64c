package io.dpnet.spark.train;

import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.BlockParams;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.optim.EmbeddingOptimizer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingPlan;
import java.util.List;

/**
 * A trained block network and how it was trained.
 *
 * @param params the dense stack's flat vector and the embedding tables
 * @param inputs the input block (vocabularies, dims, pooling…) the tables belong to
 * @param dense the dense stack after the block
 * @param history per-epoch metrics; for regression {@code trainAccuracy} is NaN and
 *     {@code trainLoss} is the weighted mean regression loss
 * @param steps optimizer steps taken
 * @param provenance the settings that produced it
 */
public record BlockTrainResult(BlockParams params, InputBlockSpec inputs, ModelSpec dense, Objective objective,
                               List<EpochMetrics> history, long steps, Provenance provenance) {
    public BlockTrainResult {
        history = List.copyOf(history);
    }

    /**
     * The run's settings, for model files and reports.
     *
     * @param plan the loop settings (seed, batch, epochs, optimizer, schedule, init)
     * @param rows training rows
     * @param partitions partitions they were spread over
     */
    public record Provenance(TrainingPlan plan, EmbeddingOptimizer embeddingOptimizer, BroadcastPolicy broadcast,
                             long rows, int partitions) {
        public long seed() {
            return plan.seed();
        }
    }

    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
