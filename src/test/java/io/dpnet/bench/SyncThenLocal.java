package io.dpnet.bench;

import io.dpnet.config.TrainConfig;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.spark.train.TrainRequest;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.TrainResult;
import io.dpnet.train.TrainingListener;
import io.dpnet.train.TrainingState;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Post-local SGD for the benchmarks, built from the trainer's own resume path: the first
 * {@code syncEpochs} epochs synchronous ({@code sync=sync}, one gradient average per step), the
 * rest with the configuration's local SGD, continuing from the synchronous run's weights and
 * optimizer state exactly as a resume from an end-of-epoch checkpoint does. Same schedule, same
 * sample order: what a trainer-level switch after {@code syncEpochs} epochs computes, measurable
 * without one.
 */
final class SyncThenLocal {
    /** Thrown by the checkpointer to end the synchronous part once it has its state. */
    private static final class Switch extends RuntimeException {
        Switch() {
            super(null, null, false, false);
        }
    }

    private SyncThenLocal() {
    }

    static TrainResult train(JavaSparkContext sc, TrainConfig local, int syncEpochs, ShardedData train,
                             ShardedData test, TrainingListener listener) {
        TrainingState[] atSwitch = new TrainingState[1];
        Checkpointer capture = new Checkpointer() {
            @Override
            public boolean dueAfterStep(long globalStep) {
                return false;
            }

            @Override
            public boolean dueAfterEpoch(int epoch) {
                return epoch == syncEpochs;
            }

            @Override
            public void save(TrainingState state) {
                atSwitch[0] = state;
                throw new Switch();
            }
        };
        TrainConfig sync = local.with("sync=sync", "sync.localSteps=1");
        try {
            return new DistributedTrainer(sc, sync).train(TrainRequest.of(train).withTest(test).withListener(listener)
                    .withCheckpointer(capture));
        } catch (Switch done) {
            return new DistributedTrainer(sc, local).train(TrainRequest.of(train).withTest(test).withListener(listener)
                    .resumingFrom(atSwitch[0]));
        }
    }
}
