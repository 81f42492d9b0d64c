package io.dpnet.spark.train;

import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingState;
import java.util.Objects;

/**
 * What one {@link DistributedTrainer#train} call works on. Only the training set is required:
 * <ul>
 *   <li>{@code validation}: a separate validation set evaluated after every epoch (or null: none,
 *       or the {@code validation.fraction} split of the training set);</li>
 *   <li>{@code test}: evaluated every {@code evalEvery} epochs and after the last (null: none);</li>
 *   <li>{@code resume}: continue from this state instead of the seeded initialization;</li>
 *   <li>{@code checkpointer}: saves states while training (null: no checkpoints).</li>
 * </ul>
 */
public record TrainRequest(ShardedData train, ShardedData validation, ShardedData test, TrainingListener listener,
                           TrainingState resume, Checkpointer checkpointer) {
    public TrainRequest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(listener, "listener");
    }

    /** A request for {@code train} alone, no listener; add the rest with the {@code with…} methods. */
    public static TrainRequest of(ShardedData train) {
        return new TrainRequest(train, null, null, TrainingListener.NONE, null, null);
    }

    public TrainRequest withValidation(ShardedData set) {
        return new TrainRequest(train, set, test, listener, resume, checkpointer);
    }

    public TrainRequest withTest(ShardedData set) {
        return new TrainRequest(train, validation, set, listener, resume, checkpointer);
    }

    public TrainRequest withListener(TrainingListener l) {
        return new TrainRequest(train, validation, test, l, resume, checkpointer);
    }

    public TrainRequest resumingFrom(TrainingState state) {
        return new TrainRequest(train, validation, test, listener, state, checkpointer);
    }

    public TrainRequest withCheckpointer(Checkpointer c) {
        return new TrainRequest(train, validation, test, listener, resume, c);
    }
}
