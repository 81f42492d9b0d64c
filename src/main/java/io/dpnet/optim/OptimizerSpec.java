package io.dpnet.optim;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Immutable, validated optimizer configuration; {@link #create(int)} builds the optimizer.
 *
 * <p>Defaults: {@code momentum=0.9}, {@code nesterov=false}, {@code beta1=0.9},
 * {@code beta2=0.999}, {@code epsilon=1e-8}, {@code weightDecay=0}. The learning rate has no
 * default: every caller names it (the config's {@code learningRate} is the one default), and it is
 * the base rate the trainer's schedule starts from. Hyper-parameters that do not apply to the kind (e.g. the
 * betas of {@code sgd}) are validated but ignored. {@code weightDecay} is not applied by the
 * optimizer itself: the trainer calls {@link WeightDecay#addL2} before {@link Optimizer#step}.
 *
 * <pre>{@code
 * OptimizerSpec.adam(1e-3)
 * OptimizerSpec.builder(Kind.MOMENTUM).learningRate(0.05).nesterov(true).weightDecay(5e-4).build()
 * }</pre>
 */
public final class OptimizerSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    public static final double DEFAULT_LARS_TRUST = 0.001;

    /** The optimizer kinds; labels are the config spelling. */
    public enum Kind {
        SGD("sgd"), MOMENTUM("momentum"), ADAM("adam"), LAMB("lamb"), LARS("lars");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the optimizer needs the model's {@link LayerSegments} (a trust ratio per layer). */
        public boolean layerWise() {
            return this == LAMB || this == LARS;
        }

        /** Parses {@code sgd}, {@code momentum}, {@code adam}, {@code lamb} or {@code lars} (case-insensitive). */
        public static Kind parse(String text) {
            String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.label.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown optimizer '" + text + "' (expected sgd, momentum, adam, lamb or lars)");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Kind kind;
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double larsTrust;
    /** Null unless set; required by {@link Kind#layerWise()} kinds at {@link #create}. */
    private final LayerSegments segments;

    private OptimizerSpec(Builder b) {
        if (b.kind == null) {
            throw new IllegalArgumentException("optimizer kind is required");
        }
        requirePositive("learningRate", b.learningRate);
        requireUnitInterval("momentum", b.momentum);
        requireUnitInterval("beta1", b.beta1);
        requireUnitInterval("beta2", b.beta2);
        requirePositive("epsilon", b.epsilon);
        requirePositive("lars.trust", b.larsTrust);
        if (!(b.weightDecay >= 0) || !Double.isFinite(b.weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a non-negative number, got " + format(b.weightDecay));
        }
        this.kind = b.kind;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.larsTrust = b.larsTrust;
        this.segments = b.segments;
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a positive number, got " + format(value));
        }
    }

    private static void requireUnitInterval(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + format(value));
        }
    }

    /** A builder for {@code kind} with every default filled in. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** Plain SGD. */
    public static OptimizerSpec sgd(double learningRate) {
        return builder(Kind.SGD).learningRate(learningRate).build();
    }

    /** Heavy-ball momentum (not Nesterov). */
    public static OptimizerSpec momentum(double learningRate, double momentum) {
        return builder(Kind.MOMENTUM).learningRate(learningRate).momentum(momentum).build();
    }

    /** Adam with the default betas and epsilon. */
    public static OptimizerSpec adam(double learningRate) {
        return builder(Kind.ADAM).learningRate(learningRate).build();
    }

    /** A builder pre-filled with this spec's values. */
    public Builder toBuilder() {
        return new Builder(kind).learningRate(learningRate).momentum(momentum).nesterov(nesterov)
                .beta1(beta1).beta2(beta2).epsilon(epsilon).weightDecay(weightDecay).larsTrust(larsTrust)
                .layers(segments);
    }

    /**
     * A fresh optimizer (zeroed state) for {@code paramCount} parameters.
     *
     * @throws IllegalArgumentException for {@code lamb}/{@code lars} without {@link Builder#layers}
     *     or with segments that do not cover {@code paramCount} parameters
     */
    public Optimizer create(int paramCount) {
        if (kind.layerWise()) {
            if (segments == null) {
                throw new IllegalArgumentException(kind + " computes a trust ratio per layer and needs the model's "
                        + "layer layout (OptimizerSpec.Builder.layers)");
            }
            if (segments.paramCount() != paramCount) {
                throw new IllegalArgumentException(kind + " was given layers covering " + segments.paramCount()
                        + " parameters but asked for an optimizer of " + paramCount);
            }
        }
        return switch (kind) {
            case SGD -> new Sgd(paramCount);
            case MOMENTUM -> new Momentum(paramCount, (float) momentum, nesterov);
            case ADAM -> new Adam(paramCount, (float) beta1, (float) beta2, (float) epsilon);
            case LAMB -> new Lamb(segments, (float) beta1, (float) beta2, (float) epsilon);
            case LARS -> new Lars(segments, (float) momentum, (float) larsTrust);
        };
    }

    public Kind kind() {
        return kind;
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** LARS's trust coefficient η_trust. */
    public double larsTrust() {
        return larsTrust;
    }

    /** The layer layout for layer-wise kinds, or null. */
    public LayerSegments layers() {
        return segments;
    }

    /**
     * E.g. {@code adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)},
     * {@code momentum(lr=0.01, momentum=0.9, nesterov)}, {@code sgd(lr=0.1, weightDecay=0.0005)}:
     * only the hyper-parameters the kind uses, numbers in Python's {@code repr} style.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.label).append("(lr=").append(format(learningRate));
        switch (kind) {
            case SGD -> {
            }
            case MOMENTUM -> {
                sb.append(", momentum=").append(format(momentum));
                if (nesterov) {
                    sb.append(", nesterov");
                }
            }
            case ADAM, LAMB -> sb.append(", beta1=").append(format(beta1)).append(", beta2=").append(format(beta2))
                    .append(", eps=").append(format(epsilon));
            case LARS -> sb.append(", momentum=").append(format(momentum)).append(", trust=")
                    .append(format(larsTrust));
        }
        if (weightDecay > 0) {
            sb.append(", weightDecay=").append(format(weightDecay));
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerSpec s && s.kind == kind
                && Double.compare(s.learningRate, learningRate) == 0
                && Double.compare(s.momentum, momentum) == 0 && s.nesterov == nesterov
                && Double.compare(s.beta1, beta1) == 0 && Double.compare(s.beta2, beta2) == 0
                && Double.compare(s.epsilon, epsilon) == 0 && Double.compare(s.weightDecay, weightDecay) == 0
                && Double.compare(s.larsTrust, larsTrust) == 0 && java.util.Objects.equals(s.segments, segments);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, learningRate, momentum, nesterov, beta1, beta2, epsilon, weightDecay,
                larsTrust, segments);
    }

    /**
     * Shortest round-tripping decimal, spelled like Python's {@code repr(float)}: plain notation
     * for exponents in [-4, 16) ({@code 0.001}, {@code 1.0}), otherwise {@code 1e-08} style.
     */
    static String format(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String s = bd.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (bd.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final Kind kind;
        private double learningRate;
        private double momentum = DEFAULT_MOMENTUM;
        private boolean nesterov;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double epsilon = DEFAULT_EPSILON;
        private double weightDecay;
        private double larsTrust = DEFAULT_LARS_TRUST;
        private LayerSegments segments;

        private Builder(Kind kind) {
            this.kind = kind;
            this.learningRate = Double.NaN;  // no default: build() refuses a missing rate
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder nesterov(boolean v) {
            nesterov = v;
            return this;
        }

        public Builder beta1(double v) {
            beta1 = v;
            return this;
        }

        public Builder beta2(double v) {
            beta2 = v;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder larsTrust(double v) {
            larsTrust = v;
            return this;
        }

        /** The model's layer layout; needed by lamb and lars, ignored by the others. */
        public Builder layers(LayerSegments v) {
            segments = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid key and its value */
        public OptimizerSpec build() {
            return new OptimizerSpec(this);
        }
    }
}
