package io.dpnet.model;

import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.EmbeddingTables;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trained model plus what is needed to trust and reproduce it: the resolved training config,
 * checksums of the data it saw, its final metrics and where/when/by what it was made.
 *
 * <p>Immutable. The maps are kept sorted so that {@code model.json} has a stable key order and two
 * saves of the same model diff cleanly. Metric values are numbers, normalized to {@link Long}
 * (integral types) or {@link Double} (floating types) so that a value reads back from
 * {@code model.json} as the same object it was saved as.
 */
public final class SavedModel {
    private final ModelSpec spec;
    private final float[] params;
    private final SortedMap<String, String> trainingConfig;
    private final SortedMap<String, String> datasetChecksums;
    private final SortedMap<String, Object> metrics;
    private final SortedMap<String, String> provenance;
    // Block models (model.json v2) only; all three null for a plain dense model (v1).
    private final TabularInput tabular;
    private final ModelTask task;
    private final EmbeddingTables tables;

    private SavedModel(Builder b) {
        spec = Objects.requireNonNull(b.spec, "spec");
        if (b.params.length != spec.paramCount()) {
            throw new IllegalArgumentException("the spec has " + spec.paramCount() + " parameters but "
                    + b.params.length + " were given");
        }
        int bad = firstNonFinite(b.params);
        if (bad >= 0) {
            // A diverged run: refuse here rather than write a file that can never be loaded.
            throw new IllegalArgumentException("parameter " + bad + " is " + b.params[bad]
                    + "; a model must have finite parameters (did training diverge?)");
        }
        params = b.params.clone();
        trainingConfig = sortedStrings("trainingConfig", b.trainingConfig);
        datasetChecksums = sortedStrings("datasetChecksums", b.datasetChecksums);
        provenance = sortedStrings("provenance", b.provenance);
        TreeMap<String, Object> m = new TreeMap<>();
        b.metrics.forEach((k, v) -> m.put(Objects.requireNonNull(k, "metric name"), normalizeMetric(k, v)));
        metrics = Collections.unmodifiableSortedMap(m);
        tabular = b.tabular;
        task = b.task;
        tables = b.tables;
        if (tabular != null) {
            BlockModels.check(spec, tabular, task, tables);
        }
    }

    /** Starts a model with empty metadata maps. */
    public static Builder builder(ModelSpec spec, float[] params) {
        return new Builder(spec, params);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** A copy of the flat parameter vector (layout: {@link ModelSpec#weightOffset}). */
    public float[] params() {
        return params.clone();
    }

    /** The parameters without a copy, for the writer; callers must not modify them. */
    float[] paramsView() {
        return params;
    }

    public SortedMap<String, String> trainingConfig() {
        return trainingConfig;
    }

    /** Data file name → sha256 (hex) of the files the model was trained and tested on. */
    public SortedMap<String, String> datasetChecksums() {
        return datasetChecksums;
    }

    /** Final metric name → {@link Long} or {@link Double}. */
    public SortedMap<String, Object> metrics() {
        return metrics;
    }

    public SortedMap<String, String> provenance() {
        return provenance;
    }

    /** True for a block model (input block + dense stack, {@code model.json} v2). */
    public boolean isBlockModel() {
        return tabular != null;
    }

    /** The input block and its columns, or null for a plain dense model. */
    public TabularInput tabular() {
        return tabular;
    }

    /** The task (label, classification or regression, loss, weights), or null for a plain dense model. */
    public ModelTask task() {
        return task;
    }

    /** The embedding tables (not a copy: callers must not modify them), or null for a plain dense model. */
    public EmbeddingTables tables() {
        return tables;
    }

    /** Index of the first NaN or infinite value, or -1 if all are finite. */
    static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static SortedMap<String, String> sortedStrings(String what, Map<String, String> map) {
        TreeMap<String, String> m = new TreeMap<>();
        map.forEach((k, v) -> m.put(Objects.requireNonNull(k, what + " key"),
                Objects.requireNonNull(v, () -> what + "." + k + " is null")));
        return Collections.unmodifiableSortedMap(m);
    }

    private static Object normalizeMetric(String name, Object value) {
        Object n;
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            n = ((Number) value).longValue();
        } else if (value instanceof Float f) {
            // Via the shortest decimal string, so 0.97f is recorded as 0.97, not 0.9700000286102295.
            n = Double.parseDouble(f.toString());
        } else if (value instanceof Double d) {
            n = d;
        } else {
            throw new IllegalArgumentException("metric " + name + " must be a number, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        if (n instanceof Double d && !Double.isFinite(d)) {
            // JSON has no NaN/Infinity; refuse rather than write a file other tools reject.
            throw new IllegalArgumentException("metric " + name + " is " + d + "; metrics must be finite");
        }
        return n;
    }

    /** Collects the optional metadata; {@link #build()} validates and copies everything. */
    public static final class Builder {
        private final ModelSpec spec;
        private final float[] params;
        private Map<String, String> trainingConfig = Map.of();
        private Map<String, String> datasetChecksums = Map.of();
        private Map<String, ?> metrics = Map.of();
        private Map<String, String> provenance = Map.of();
        private TabularInput tabular;
        private ModelTask task;
        private EmbeddingTables tables;

        private Builder(ModelSpec spec, float[] params) {
            this.spec = spec;
            this.params = Objects.requireNonNull(params, "params");
        }

        public Builder trainingConfig(Map<String, String> m) {
            trainingConfig = Objects.requireNonNull(m);
            return this;
        }

        public Builder datasetChecksums(Map<String, String> m) {
            datasetChecksums = Objects.requireNonNull(m);
            return this;
        }

        public Builder metrics(Map<String, ?> m) {
            metrics = Objects.requireNonNull(m);
            return this;
        }

        public Builder provenance(Map<String, String> m) {
            provenance = Objects.requireNonNull(m);
            return this;
        }

        /**
         * Makes this a block model: {@code tabular}'s block feeds the dense stack (its width must be
         * the spec's input size) and {@code tables} are its embedding tables (kept, not copied).
         */
        public Builder block(TabularInput tabular, ModelTask task, EmbeddingTables tables) {
            this.tabular = Objects.requireNonNull(tabular, "tabular");
            this.task = Objects.requireNonNull(task, "task");
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }

        public SavedModel build() {
            return new SavedModel(this);
        }
    }
}
