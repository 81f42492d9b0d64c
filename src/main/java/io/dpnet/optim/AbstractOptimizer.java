package io.dpnet.optim;


/** Shared bookkeeping: parameter count, step counter, state slots, snapshot/restore. */
abstract class AbstractOptimizer implements Optimizer {
    protected final int paramCount;
    protected long step;
    private final float[][] slots;

    AbstractOptimizer(int paramCount, int slotCount) {
        if (paramCount <= 0) {
            throw new IllegalArgumentException("paramCount must be positive, got " + paramCount);
        }
        this.paramCount = paramCount;
        this.slots = new float[slotCount][];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new float[paramCount];
        }
    }

    protected final float[] slot(int i) {
        return slots[i];
    }

    /** Validates a step's arguments. */
    protected final void check(float[] params, float[] grad, float learningRate) {
        if (params.length != paramCount) {
            throw new IllegalArgumentException(name() + " optimizer was built for " + paramCount
                    + " parameters, got a parameter vector of " + params.length);
        }
        if (grad.length != paramCount) {
            throw new IllegalArgumentException(name() + " optimizer was built for " + paramCount
                    + " parameters, got a gradient of " + grad.length);
        }
        // Zero is allowed here: a schedule may legitimately decay to it.
        if (!(learningRate >= 0f) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a non-negative finite number, got "
                    + learningRate);
        }
    }

    /** Number of parameters this optimizer was built for. */
    public final int paramCount() {
        return paramCount;
    }

    /** Number of steps taken so far (restored by {@link #restore}). */
    public final long stepCount() {
        return step;
    }

    @Override
    public final OptimizerState state() {
        return OptimizerState.copyOf(name(), step, slots);
    }

    @Override
    public final void restore(OptimizerState state) {
        if (state == null) {
            throw new IllegalArgumentException("cannot restore a null optimizer state");
        }
        if (!name().equals(state.name())) {
            throw new IllegalArgumentException("cannot restore " + state.name() + " optimizer state into a "
                    + name() + " optimizer");
        }
        if (state.slots().size() != slots.length) {
            throw new IllegalArgumentException(name() + " optimizer state needs " + slots.length
                    + " slot(s), the snapshot has " + state.slots().size());
        }
        for (int i = 0; i < slots.length; i++) {
            float[] s = state.slots().get(i);
            if (s == null || s.length != paramCount) {
                throw new IllegalArgumentException(name() + " optimizer state slot " + i + " has "
                        + (s == null ? "no" : String.valueOf(s.length)) + " values, this optimizer has "
                        + paramCount + " parameters");
            }
        }
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(state.slots().get(i), 0, slots[i], 0, paramCount);
        }
        step = state.step();
    }
}
