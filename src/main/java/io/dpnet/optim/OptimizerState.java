package io.dpnet.optim;

import java.io.Serializable;
import java.util.List;

/**
 * A checkpointable snapshot of an {@link Optimizer}: its kind, how many steps it has taken and
 * its per-parameter state arrays ({@code sgd}: none, {@code momentum}: velocity, {@code adam}:
 * first and second moments).
 */
public record OptimizerState(String name, long step, List<float[]> slots) implements Serializable {
    public OptimizerState {
        if (name == null) {
            throw new IllegalArgumentException("optimizer state needs a name");
        }
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step must be non-negative, got " + step);
        }
        if (slots == null) {
            throw new IllegalArgumentException("optimizer state slots must not be null (use an empty list)");
        }
        slots = List.copyOf(slots);
    }

    /** A snapshot of live state arrays: each slot is copied, so later steps do not change it. */
    public static OptimizerState copyOf(String name, long step, float[][] slots) {
        List<float[]> copy = new java.util.ArrayList<>(slots.length);
        for (float[] s : slots) {
            copy.add(s.clone());
        }
        return new OptimizerState(name, step, copy);
    }
}
