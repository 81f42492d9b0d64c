package io.dpnet.run;

import io.dpnet.config.TrainConfig;
import io.dpnet.model.Checkpoint;
import io.dpnet.model.CheckpointStore;
import io.dpnet.train.Checkpointer;
import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves the trainer's states into {@code OUT/checkpoints} at the configured interval, and turns a
 * saved checkpoint back into a state to resume from.
 */
public final class RunCheckpointer implements Checkpointer {
    private final CheckpointStore store;
    private final TrainConfig.CheckpointInterval interval;
    private final Map<String, String> config;
    private String lastSaved;

    public RunCheckpointer(CheckpointStore store, TrainConfig config) {
        this.store = store;
        this.interval = config.checkpointInterval();
        this.config = config.asMap();
    }

    @Override
    public boolean dueAfterStep(long globalStep) {
        return interval.enabled() && interval.steps() && globalStep % interval.count() == 0;
    }

    @Override
    public boolean dueAfterEpoch(int epoch) {
        return interval.enabled() && !interval.steps() && epoch % interval.count() == 0;
    }

    @Override
    public void save(TrainingState s) {
        List<String> lines = MetricsLog.lines(s.history());
        Map<String, Double> counters = new java.util.HashMap<>(Map.of("epochLossSum", s.epochLossSum(),
                "epochCorrect", (double) s.epochCorrect(), "epochSeen", (double) s.epochSeen(),
                "epochSeconds", s.epochSeconds(), "elapsedSeconds", s.elapsedSeconds()));
        TrainingState.Best best = s.best();
        if (best != null) {
            counters.put("bestEpoch", (double) best.epoch());
            counters.put("bestValue", best.value());
            counters.put("epochsWithoutImprovement", (double) best.epochsWithoutImprovement());
        }
        try {
            lastSaved = store.save(new Checkpoint(config, s.epoch(), s.stepInEpoch(), s.globalStep(), s.params(),
                    s.optimizer(), counters, lines, best == null ? null : best.params()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a checkpoint to " + store.dir(), e);
        }
    }

    /** The newest checkpoint written by this run, or null. */
    public String lastSaved() {
        return lastSaved;
    }

    /** The state a checkpoint describes, for {@code --resume}. */
    public static TrainingState toState(Checkpoint c) {
        java.util.Properties saved = new java.util.Properties();
        saved.putAll(c.config());
        int epochs = TrainConfig.of(saved, List.of()).epochs();  // the run's own, as checkpointed
        List<EpochMetrics> history = new ArrayList<>();
        for (String line : c.metricsLines()) {
            history.add(MetricsLog.fromJson(line, epochs));
        }
        Map<String, Double> k = c.counters();
        TrainingState.Best best = !k.containsKey("bestEpoch") ? null
                : new TrainingState.Best(k.get("bestEpoch").intValue(), k.get("bestValue"),
                        k.get("epochsWithoutImprovement").intValue(), c.bestParams());
        return new TrainingState(c.epoch(), c.stepInEpoch(), c.globalStep(), c.params(), c.optimizer(),
                k.getOrDefault("epochLossSum", 0.0), k.getOrDefault("epochCorrect", 0.0).longValue(),
                k.getOrDefault("epochSeen", 0.0).longValue(), k.getOrDefault("epochSeconds", 0.0),
                k.getOrDefault("elapsedSeconds", 0.0), history, best);
    }
}
