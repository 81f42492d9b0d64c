package io.dpnet.data;

import java.io.Serializable;

/**
 * A seeded split of a dataset's N samples into validation and training sets, and the per-epoch
 * order of the training samples — all as position → index functions, never materialized.
 *
 * <p>The split is the first {@code V} positions of a fixed permutation (the seed's "epoch 0"
 * order) for validation and the rest for training; epoch {@code e} visits the training part in the
 * order of a second permutation keyed by (seed, e). Without a validation set the epoch order is
 * simply the (seed, e) permutation of all samples.
 */
public final class TrainValidationSplit implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Epoch numbers start at 1, so 0 is free to key the split itself. */
    private static final int SPLIT_KEY = 0;

    private final long n;
    private final long validation;
    private final long seed;
    private final SampleOrder split;

    private TrainValidationSplit(long n, long validation, long seed) {
        this.n = n;
        this.validation = validation;
        this.seed = seed;
        this.split = validation == 0 ? null : new SampleOrder(n, seed, SPLIT_KEY);
    }

    /** Holds out {@code round(fraction · n)} samples (at least 1 when fraction > 0) for validation. */
    public static TrainValidationSplit of(long n, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation.fraction must be in [0, 1), got " + fraction);
        }
        long v = fraction == 0 ? 0 : Math.max(1, Math.round(fraction * n));
        if (v >= n) {
            throw new IllegalArgumentException("validation.fraction " + fraction + " leaves no training samples out of "
                    + n);
        }
        return new TrainValidationSplit(n, v, seed);
    }

    public long trainingSize() {
        return n - validation;
    }

    public long validationSize() {
        return validation;
    }

    /** The training samples in epoch {@code epoch}'s order (epochs count from 1). */
    public IndexOrder epochOrder(int epoch) {
        SampleOrder order = new SampleOrder(n - validation, seed, epoch);
        return split == null ? order : new Offset(split, validation, order);
    }

    /** The validation samples (in an arbitrary but fixed order); size 0 when there are none. */
    public IndexOrder validationSet() {
        return new Offset(split, 0, new Identity(validation));
    }

    /** position → split.indexAt(offset + inner.indexAt(position)). */
    private record Offset(SampleOrder split, long offset, IndexOrder inner) implements IndexOrder {
        @Override
        public long indexAt(long position) {
            return split.indexAt(offset + inner.indexAt(position));
        }

        @Override
        public long size() {
            return inner.size();
        }
    }

    private record Identity(long size) implements IndexOrder {
        @Override
        public long indexAt(long position) {
            return position;
        }
    }
}
