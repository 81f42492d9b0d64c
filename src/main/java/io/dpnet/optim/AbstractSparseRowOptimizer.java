package io.dpnet.optim;

import io.dpnet.nn.embed.SparseRowGradient;

/** Shared bookkeeping of the lazy optimizers: table shape, per-row state slots, step count, snapshots. */
abstract class AbstractSparseRowOptimizer implements SparseRowOptimizer {
    protected final int tableRows;
    protected final int dim;
    protected long step;
    private final float[][] slots;

    AbstractSparseRowOptimizer(int tableRows, int dim, int slotCount) {
        if (tableRows <= 0 || dim <= 0) {
            throw new IllegalArgumentException("a table needs positive rows and dim, got " + tableRows + " × " + dim);
        }
        this.tableRows = tableRows;
        this.dim = dim;
        slots = new float[slotCount][];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new float[Math.multiplyExact(tableRows, dim)];
        }
    }

    protected final float[] slot(int i) {
        return slots[i];
    }

    protected final void check(float[] table, SparseRowGradient grad, float learningRate) {
        if (table.length != (long) tableRows * dim) {
            throw new IllegalArgumentException(name() + " optimizer was built for a table of " + tableRows + " × "
                    + dim + ", got " + table.length + " floats");
        }
        if (grad.dim() != dim) {
            throw new IllegalArgumentException(name() + " optimizer was built for dim " + dim + ", got a gradient of dim "
                    + grad.dim());
        }
        if (grad.count() > 0 && (grad.id(0) < 0 || grad.id(grad.count() - 1) >= tableRows)) {
            throw new IllegalArgumentException("gradient rows " + grad.id(0) + ".." + grad.id(grad.count() - 1)
                    + " are outside the table's " + tableRows + " rows");
        }
        if (!(learningRate >= 0f) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a non-negative finite number, got " + learningRate);
        }
    }

    public final long stepCount() {
        return step;
    }

    @Override
    public final OptimizerState state() {
        return OptimizerState.copyOf(name(), step, slots);
    }

    @Override
    public final void restore(OptimizerState state) {
        if (!name().equals(state.name()) || state.slots().size() != slots.length) {
            throw new IllegalArgumentException("cannot restore " + state.name() + " state with " + state.slots().size()
                    + " slot(s) into a lazy " + name() + " optimizer with " + slots.length);
        }
        for (int i = 0; i < slots.length; i++) {
            if (state.slots().get(i).length != slots[i].length) {
                throw new IllegalArgumentException("lazy " + name() + " state slot " + i + " has "
                        + state.slots().get(i).length + " values, this table has " + slots[i].length);
            }
        }
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(state.slots().get(i), 0, slots[i], 0, slots[i].length);
        }
        step = state.step();
    }
}
