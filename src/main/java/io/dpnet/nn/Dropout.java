package io.dpnet.nn;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * Inverted dropout rates for a model, and the mask function that applies them during training.
 *
 * <p>The mask is a pure function of {@code (seed, global step, global sample id, layer, unit)}:
 * a counter-based hash, with no generator state. So a sample is dropped the same way whichever
 * partition, chunk or batch row it lands in, and P partitions computing their shares of a
 * mini-batch produce exactly the gradient one machine would on the whole batch — the property
 * every other part of dpnet keeps. Inference ({@link Sequential#forward}, {@link Sequential#predict})
 * never drops.
 *
 * <p>During training the next layer's input is {@code a · m / (1 − p)} with {@code m = 1} with
 * probability {@code 1 − p}, so its expected value is {@code a} and inference needs no rescaling.
 */
public final class Dropout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** splitmix64's increment (2⁶⁴/φ): the per-unit counter step. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Separates the seed from a zero step/id so {@code (seed, 0, 0)} is not a fixed point. */
    private static final long SEED_SALT = 0x6A09E667F3BCC909L;

    private final float[] rates;
    /** A unit is kept when the top 53 bits of its hash are below this: P(keep) = 1 − p exactly. */
    private final long[] keepBelow;
    /** {@code 1 / (1 − p)}: the kept units' scale. */
    private final float[] keepScale;
    private final boolean active;

    private Dropout(float[] rates) {
        this.rates = rates;
        keepBelow = new long[rates.length];
        keepScale = new float[rates.length];
        boolean any = false;
        for (int l = 0; l < rates.length; l++) {
            double keep = 1.0 - rates[l];
            // u = k·2⁻⁵³ < keep  ⇔  k < keep·2⁵³  ⇔  k < ceil(keep·2⁵³) for the integer k (scaling is exact).
            keepBelow[l] = (long) Math.ceil(keep * 0x1p53);
            keepScale[l] = (float) (1.0 / keep);
            any |= rates[l] > 0f;
        }
        active = any;
    }

    /**
     * Rates per dense layer: {@code rates[l]} is the drop probability applied to the output of
     * layer {@code l} (after its activation). One per layer of {@code spec}; each in [0, 1); the
     * output layer's must be 0.
     */
    public static Dropout of(ModelSpec spec, float[] rates) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(rates, "rates");
        int layers = spec.layerCount();
        if (rates.length != layers) {
            throw new IllegalArgumentException("dropout: expected " + layers + " rates (one per dense layer of "
                    + shape(spec) + "), got " + rates.length);
        }
        for (int l = 0; l < layers; l++) {
            float p = rates[l];
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout: the rate of layer " + (l + 1) + " must be in [0, 1), got "
                        + p);
            }
        }
        if (rates[layers - 1] != 0f) {
            throw new IllegalArgumentException("dropout: the output layer's rate must be 0, got " + rates[layers - 1]);
        }
        return new Dropout(rates.clone());
    }

    /** No dropout anywhere. */
    public static Dropout none(ModelSpec spec) {
        return new Dropout(new float[spec.layerCount()]);
    }

    /**
     * Parses the config spelling: {@code ""} or {@code "0"} for none, otherwise one rate per
     * HIDDEN layer, comma-separated ({@code "0.2,0.2"} for 784-256-256-10). The output layer
     * never drops.
     */
    public static Dropout parse(ModelSpec spec, String text) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.isEmpty() || s.equals("0")) {
            return none(spec);
        }
        int hidden = spec.layerCount() - 1;
        String[] parts = s.split(",", -1);
        if (hidden == 0) {
            throw new IllegalArgumentException("dropout: " + shape(spec)
                    + " has no hidden layer to drop; use 0 or leave it empty, got '" + text + "'");
        }
        if (parts.length != hidden) {
            throw new IllegalArgumentException("dropout: expected " + hidden + " comma-separated rate"
                    + (hidden == 1 ? "" : "s") + " (one per hidden layer of " + shape(spec) + "), got "
                    + parts.length + " in '" + text + "'");
        }
        float[] rates = new float[hidden + 1];
        for (int l = 0; l < hidden; l++) {
            String part = parts[l].trim();
            float p;
            try {
                // BigDecimal, not Float.parseFloat: that would accept "NaN", "1f" and hex floats.
                p = new BigDecimal(part).floatValue();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dropout: rate " + (l + 1) + " of '" + text + "' is not a number: '"
                        + part + "'");
            }
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout: the rate of hidden layer " + (l + 1)
                        + " must be at least 0 and below 1, got '" + part + "'");
            }
            rates[l] = p;
        }
        return new Dropout(rates);
    }

    private static String shape(ModelSpec spec) {
        StringBuilder sb = new StringBuilder();
        for (int size : spec.sizes()) {
            sb.append(sb.length() == 0 ? "" : "-").append(size);
        }
        return sb.toString();
    }

    /** Whether any layer drops: an inactive dropout takes the plain training path. */
    public boolean active() {
        return active;
    }

    /** Drop probability of dense layer {@code layer}'s output. */
    public float rate(int layer) {
        return rates[layer];
    }

    public int layerCount() {
        return rates.length;
    }

    /**
     * Whether unit {@code unit} of layer {@code layer}'s output survives for sample
     * {@code sampleId} at global step {@code step}. The same function {@link Sequential} uses,
     * evaluated one unit at a time.
     */
    public boolean keeps(long seed, long step, long sampleId, int layer, int unit) {
        return keepDraw(rowKey(seed, step, sampleId, layer), unit) < keepBelow[layer];
    }

    /**
     * Writes {@code m/(1 − p)} into {@code mask} and {@code a · m/(1 − p)} into {@code dropped}
     * for {@code rows × n} outputs of {@code layer}, row {@code r} being sample
     * {@code ids[idsOff + r]}.
     */
    void fill(Context ctx, int layer, float[] a, int rows, int n, float[] mask, float[] dropped) {
        long threshold = keepBelow[layer];
        float scale = keepScale[layer];
        for (int r = 0; r < rows; r++) {
            long key = rowKey(ctx.seed(), ctx.step(), ctx.sampleIds()[ctx.idsOffset() + r], layer);
            int o = r * n;
            for (int j = 0; j < n; j++) {
                float m = keepDraw(key, j) < threshold ? scale : 0f;
                mask[o + j] = m;
                dropped[o + j] = a[o + j] * m;
            }
        }
    }

    /** One well-mixed 64-bit key per (seed, step, sample, layer): each field is folded in through a full mix. */
    private static long rowKey(long seed, long step, long sampleId, int layer) {
        long h = mix64(seed ^ SEED_SALT);
        h = mix64(h + step);
        h = mix64(h + sampleId);
        return mix64(h + layer);
    }

    /** The top 53 bits of splitmix64's output number {@code unit + 1} for state {@code key}. */
    private static long keepDraw(long key, int unit) {
        return mix64(key + (unit + 1L) * GOLDEN) >>> 11;
    }

    /** splitmix64's finalizer (Stafford's variant 13): a bijection with full avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The config spelling, parseable by {@link #parse}: {@code "0"} or one rate per hidden layer. */
    @Override
    public String toString() {
        if (!active) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < rates.length - 1; l++) {
            sb.append(l == 0 ? "" : ",").append(rates[l]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dropout d && Arrays.equals(d.rates, rates);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rates);
    }

    /**
     * What one training pass needs to draw its masks: the run's seed, the GLOBAL step, and the
     * GLOBAL sample id of every batch row ({@code sampleIds[idsOffset + r]} for row {@code r}) —
     * never a partition or row index, which would make the result depend on the cluster.
     */
    public record Context(Dropout dropout, long seed, long step, long[] sampleIds, int idsOffset) {
        public Context {
            Objects.requireNonNull(dropout, "dropout");
            Objects.requireNonNull(sampleIds, "sampleIds");
            if (idsOffset < 0 || idsOffset > sampleIds.length) {
                throw new IllegalArgumentException("dropout: idsOffset " + idsOffset + " is outside the "
                        + sampleIds.length + " sample ids");
            }
        }
    }
}
