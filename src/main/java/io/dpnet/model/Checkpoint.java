package io.dpnet.model;

import io.dpnet.optim.OptimizerState;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run exactly where it stopped: the resolved configuration, the
 * position (the epoch in progress and the steps already done in it), the weights, the optimizer
 * state, the running sums of the epoch in progress and the metrics lines of finished epochs.
 * The sample order is a pure function of (seed, epoch), so the position is the whole RNG state.
 *
 * @param epoch the 1-based epoch in progress
 * @param stepInEpoch steps of that epoch already applied
 * @param globalStep steps applied since the run began
 * @param counters running sums of the epoch in progress and cumulative times (see the trainer)
 * @param metricsLines one JSON line per finished epoch, as in metrics.jsonl
 * @param bestParams the best weights so far under early stopping, or null
 */
public record Checkpoint(Map<String, String> config, int epoch, long stepInEpoch, long globalStep, float[] params,
                         OptimizerState optimizer, Map<String, Double> counters, List<String> metricsLines,
                         float[] bestParams) {
    public Checkpoint {
        config = Map.copyOf(config);
        counters = Map.copyOf(counters);
        metricsLines = List.copyOf(metricsLines);
    }
}
