package io.dpnet.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The K most confident wrong predictions seen so far: a bounded min-heap whose root is the
 * weakest kept entry, so each candidate costs one comparison unless it beats the root.
 *
 * <p>Storage is a handful of flat arrays indexed by slot (pixels of slot {@code s} at
 * {@code s·features}); the heap orders slot numbers, so replacing the root never moves pixels.
 * The arrays are allocated on the first offer: the empty instance Spark ships as the
 * {@code treeAggregate} zero value to every task is then a few ints.
 *
 * <p>"Stronger" means higher confidence, ties broken by the lower sample index, so the result is
 * a deterministic function of the data whatever the partitioning.
 *
 * <p>Serializable because Spark's {@code treeAggregate} ships the zero value inside a closure
 * (Java serialization); partial results travel through Kryo.
 */
public final class TopMisclassified implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private int capacity;
    private int features;
    private int size;
    /** Slot numbers in heap order: heap[0] is the weakest kept entry. */
    private int[] heap;
    private long[] index;
    private int[] label;
    private int[] predicted;
    private float[] confidence;
    private float[] pixels;

    /** For Kryo. */
    @SuppressWarnings("unused")
    private TopMisclassified() {
    }

    public TopMisclassified(int capacity, int features) {
        if (capacity < 0 || features <= 0) {
            throw new IllegalArgumentException("need capacity >= 0 and features > 0, got " + capacity + " and "
                    + features);
        }
        this.capacity = capacity;
        this.features = features;
    }

    public int size() {
        return size;
    }

    /**
     * Whether a candidate with this confidence and index would be kept — checked before
     * {@link #offer} so that pixels are copied only for the few samples that make the cut.
     * NaN confidences (a diverged model) are never kept.
     */
    public boolean wouldKeep(float conf, long idx) {
        if (Float.isNaN(conf) || capacity == 0) {
            return false;
        }
        return size < capacity || stronger(conf, idx, heap[0]);
    }

    /** Keeps the candidate if it is among the strongest {@code capacity}; pixels are copied. */
    public void offer(long idx, int trueLabel, int predictedLabel, float conf, float[] src, int srcOff) {
        if (!wouldKeep(conf, idx)) {
            return;
        }
        if (heap == null) {
            allocate();
        }
        int slot;
        if (size < capacity) {
            slot = size;
            heap[size] = slot;
            size++;
            store(slot, idx, trueLabel, predictedLabel, conf, src, srcOff);
            siftUp(size - 1);
        } else {
            slot = heap[0];
            store(slot, idx, trueLabel, predictedLabel, conf, src, srcOff);
            siftDown(0);
        }
    }

    /** Adds {@code other}'s entries into this one; returns the result (for treeAggregate). */
    public TopMisclassified merge(TopMisclassified other) {
        if (other.size == 0) {
            return this;
        }
        if (size == 0) {
            return other;
        }
        if (other.features != features || other.capacity != capacity) {
            throw new IllegalArgumentException("cannot merge top-" + other.capacity + " of " + other.features
                    + " features into top-" + capacity + " of " + features);
        }
        for (int i = 0; i < other.size; i++) {
            int s = other.heap[i];
            offer(other.index[s], other.label[s], other.predicted[s], other.confidence[s], other.pixels,
                    s * features);
        }
        return this;
    }

    /** The kept entries, strongest first; each gets its own copy of the pixels. */
    public List<Misclassification> sorted() {
        Integer[] slots = new Integer[size];
        for (int i = 0; i < size; i++) {
            slots[i] = heap[i];
        }
        Arrays.sort(slots, (a, b) -> {
            int byConfidence = Float.compare(confidence[b], confidence[a]);
            return byConfidence != 0 ? byConfidence : Long.compare(index[a], index[b]);
        });
        List<Misclassification> out = new ArrayList<>(size);
        for (int s : slots) {
            out.add(new Misclassification(index[s], label[s], predicted[s], confidence[s],
                    Arrays.copyOfRange(pixels, s * features, (s + 1) * features)));
        }
        return out;
    }

    private void allocate() {
        heap = new int[capacity];
        index = new long[capacity];
        label = new int[capacity];
        predicted = new int[capacity];
        confidence = new float[capacity];
        pixels = new float[Math.multiplyExact(capacity, features)];
    }

    private void store(int slot, long idx, int trueLabel, int predictedLabel, float conf, float[] src, int srcOff) {
        index[slot] = idx;
        label[slot] = trueLabel;
        predicted[slot] = predictedLabel;
        confidence[slot] = conf;
        System.arraycopy(src, srcOff, pixels, slot * features, features);
    }

    /** Whether (conf, idx) ranks above the entry in {@code slot}. */
    private boolean stronger(float conf, long idx, int slot) {
        float c = confidence[slot];
        return conf > c || (conf == c && idx < index[slot]);
    }

    private boolean strongerSlot(int a, int b) {
        return stronger(confidence[a], index[a], b);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!strongerSlot(heap[parent], heap[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int weakest = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < size && strongerSlot(heap[weakest], heap[l])) {
                weakest = l;
            }
            if (r < size && strongerSlot(heap[weakest], heap[r])) {
                weakest = r;
            }
            if (weakest == i) {
                return;
            }
            swap(i, weakest);
            i = weakest;
        }
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
