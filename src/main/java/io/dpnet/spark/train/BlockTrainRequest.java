package io.dpnet.spark.train;

import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.optim.EmbeddingOptimizer;
import io.dpnet.spark.input.TabularShards;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingPlan;
import java.util.Objects;

/**
 * What one {@link BlockTrainer#train} call works on: the rows, the input block, the dense stack
 * and loop settings ({@link TrainingPlan}: model, batch, epochs, optimizer, schedule, seed, init,
 * tree depth, kernel), the objective, and how the tables are optimized and shipped.
 *
 * <p>The plan's model is the dense stack after the block: its input size must equal
 * {@code inputs.width()}. Settings of the dense path that do not apply to block networks are
 * refused by the trainer with a message (local SGD {@code sync=average}, dropout for now).
 *
 * @param embeddingOptimizer the lazy rule for the tables ({@link EmbeddingOptimizer#AUTO}: the
 *     dense optimizer's lazy form)
 * @param broadcast how tables reach executors ({@link BroadcastPolicy#defaults()}: row deltas)
 */
public record BlockTrainRequest(TabularShards train, InputBlockSpec inputs, TrainingPlan plan, Objective objective,
                                EmbeddingOptimizer embeddingOptimizer, BroadcastPolicy broadcast,
                                TrainingListener listener) {
    public BlockTrainRequest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(embeddingOptimizer, "embeddingOptimizer");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(listener, "listener");
    }

    /** Defaults: the dense optimizer's lazy form, row-delta broadcasts, no listener. */
    public static BlockTrainRequest of(TabularShards train, InputBlockSpec inputs, TrainingPlan plan,
                                       Objective objective) {
        return new BlockTrainRequest(train, inputs, plan, objective, EmbeddingOptimizer.AUTO,
                BroadcastPolicy.defaults(), TrainingListener.NONE);
    }

    public BlockTrainRequest withEmbeddingOptimizer(EmbeddingOptimizer e) {
        return new BlockTrainRequest(train, inputs, plan, objective, e, broadcast, listener);
    }

    public BlockTrainRequest withBroadcast(BroadcastPolicy b) {
        return new BlockTrainRequest(train, inputs, plan, objective, embeddingOptimizer, b, listener);
    }

    public BlockTrainRequest withListener(TrainingListener l) {
        return new BlockTrainRequest(train, inputs, plan, objective, embeddingOptimizer, broadcast, l);
    }
}
