package io.dpnet.nn;

import java.util.Locale;
import java.util.Random;

/** Weight initialization schemes; biases always start at zero. */
public enum Init {
    /** He/Kaiming normal: N(0, 2/fanIn), for relu-family layers (what the notebook really used). */
    HE("he"),
    /** Glorot/Xavier normal: N(0, 2/(fanIn + fanOut)), for tanh/sigmoid/linear layers. */
    XAVIER("xavier");

    private final String label;

    Init(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Init parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (Init i : values()) {
            if (i.label.equals(s)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown init '" + text + "' (expected he or xavier)");
    }

    double stddev(int fanIn, int fanOut) {
        return this == HE ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
    }

    /** Fills {@code n} weights at {@code offset} from the seeded generator. */
    void fill(float[] params, int offset, int n, int fanIn, int fanOut, Random rng) {
        double sd = stddev(fanIn, fanOut);
        for (int i = 0; i < n; i++) {
            params[offset + i] = (float) (rng.nextGaussian() * sd);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
