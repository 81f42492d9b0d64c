package io.dpnet.config;

import io.dpnet.data.DataFormat;
import io.dpnet.data.TabularColumns;
import io.dpnet.nn.Activation;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Parses and checks the tabular keys into a {@link TabularConfig}; {@link TrainConfig} calls it once. */
final class TabularKeys {
    /** The first entry of {@code layers} that stands for the input block's width. */
    static final String AUTO = "auto";

    /** Keys that only mean something with tabular columns, with their defaults checked in {@link #validate}. */
    private static final List<String> TABULAR_ONLY = List.of("task", "classWeights", "loss.huberDelta",
            "data.weightCol", "embedding.dim", "embedding.dims", "embedding.maxVocabulary", "embedding.vocabularySizes",
            "embedding.oov", "tokens.vocabularySize", "tokens.dim", "tokens.pooling", "tokens.paddingId");

    private TabularKeys() {
    }

    static void validate(Function<String, String> get, boolean tabular, DataFormat format, ModelSpec spec,
                         Map<String, ConfigKey> keys) {
        if (!tabular) {
            for (String k : TABULAR_ONLY) {
                if (!get.apply(k).equals(keys.get(k).defaultValue())) {
                    throw new ConfigException(k + " applies to tabular inputs only: set data.numericCols, "
                            + "data.categoricalCols or data.tokensCol");
                }
            }
            if (get.apply("loss").equals("huber")) {
                throw new ConfigException("loss=huber needs task=regression with tabular columns");
            }
            return;
        }
        if (format != DataFormat.CSV && format != DataFormat.PARQUET) {
            throw new ConfigException("tabular columns need data.format=csv or parquet, but data.format is "
                    + format.key());
        }
        if (format == DataFormat.CSV && !get.apply("data.csv.header").equalsIgnoreCase("true")) {
            throw new ConfigException("tabular csv input names its columns: set data.csv.header=true");
        }
        if (!get.apply("data.csv.label").equals(keys.get("data.csv.label").defaultValue())) {
            throw new ConfigException("with tabular columns the label is data.labelCol, not data.csv.label");
        }
        for (String k : List.of("validation.path", "validation.fraction", "earlyStopping.patience", "checkpoint.every",
                "dropout", "sync")) {
            if (!get.apply(k).equals(keys.get(k).defaultValue())) {
                throw new ConfigException(k + " is not supported with tabular columns yet (block networks train "
                        + "synchronously, without a validation set, checkpoints or dropout)");
            }
        }
        parse(get, true, spec);
    }

    static TabularConfig parse(Function<String, String> get, boolean tabular, ModelSpec spec) {
        if (!tabular) {
            return null;
        }
        boolean regression = switch (get.apply("task")) {
            case "classification" -> false;
            case "regression" -> true;
            default -> throw new ConfigException("task must be classification or regression, got '"
                    + get.apply("task") + "'");
        };
        String loss = get.apply("loss");
        RegressionLoss regressionLoss = null;
        if (regression) {
            regressionLoss = switch (loss) {
                case "mse" -> RegressionLoss.mse();
                case "huber" -> huber(get);
                default -> throw new ConfigException("task=regression needs loss=mse or loss=huber, got loss=" + loss);
            };
            if (spec.output().activation().kind() != Activation.Kind.LINEAR || spec.outputSize() != 1) {
                throw new ConfigException("task=regression needs one linear output: end layers with 1 and "
                        + "activations with linear (got layers=" + get.apply("layers") + ", activations="
                        + get.apply("activations") + ")");
            }
        } else {
            if (!loss.equals("cross_entropy")) {
                throw new ConfigException("task=classification trains with loss=cross_entropy, got loss=" + loss);
            }
            if (spec.output().activation().kind() != Activation.Kind.SOFTMAX) {
                throw new ConfigException("task=classification needs a softmax output layer, got activations="
                        + get.apply("activations"));
            }
        }
        TabularConfig.ClassWeights classWeights = classWeights(get.apply("classWeights"), regression,
                spec.outputSize());
        TabularColumns columns;
        try {
            columns = new TabularColumns(get.apply("data.labelCol"), list(get.apply("data.numericCols")),
                    list(get.apply("data.categoricalCols")), emptyToNull(get.apply("data.tokensCol")),
                    emptyToNull(get.apply("data.weightCol")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.*Cols: " + e.getMessage());
        }
        OovPolicy oov = switch (get.apply("embedding.oov")) {
            case "error" -> OovPolicy.ERROR;
            case "unknown" -> OovPolicy.UNKNOWN_ID;
            default -> throw new ConfigException("embedding.oov must be error or unknown, got '"
                    + get.apply("embedding.oov") + "'");
        };
        int maxVocabulary = integer(get, "embedding.maxVocabulary", 0);
        if (maxVocabulary > 0 && oov == OovPolicy.ERROR) {
            throw new ConfigException("embedding.maxVocabulary=" + maxVocabulary + " leaves rarer values out of the "
                    + "vocabulary: set embedding.oov=unknown so they map to the unknown row");
        }
        Map<String, Integer> dims = columnMap(get, "embedding.dims", columns.categorical(), 1);
        Map<String, Integer> sizes = columnMap(get, "embedding.vocabularySizes", columns.categorical(), 1);
        Pooling pooling = switch (get.apply("tokens.pooling")) {
            case "mean" -> Pooling.MEAN;
            case "sum" -> Pooling.SUM;
            default -> throw new ConfigException("tokens.pooling must be mean or sum, got '"
                    + get.apply("tokens.pooling") + "'");
        };
        int tokenPadding;
        try {
            tokenPadding = Integer.parseInt(get.apply("tokens.paddingId"));
        } catch (NumberFormatException e) {
            throw new ConfigException("tokens.paddingId must be an integer, got '" + get.apply("tokens.paddingId") + "'");
        }
        return new TabularConfig(columns, regression, regressionLoss, classWeights,
                list(get.apply("layers")).get(0).equals(AUTO), integer(get, "embedding.dim", 1), dims, maxVocabulary,
                sizes, oov, integer(get, "tokens.vocabularySize", 1), integer(get, "tokens.dim", 1), pooling,
                tokenPadding);
    }

    private static RegressionLoss huber(Function<String, String> get) {
        double delta;
        try {
            delta = Double.parseDouble(get.apply("loss.huberDelta"));
        } catch (NumberFormatException e) {
            throw new ConfigException("loss.huberDelta must be a number, got '" + get.apply("loss.huberDelta") + "'");
        }
        try {
            return RegressionLoss.huber((float) delta);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("loss.huberDelta: " + e.getMessage());
        }
    }

    private static TabularConfig.ClassWeights classWeights(String v, boolean regression, int classes) {
        if (v.equals("none")) {
            return TabularConfig.ClassWeights.NONE;
        }
        if (regression) {
            throw new ConfigException("classWeights=" + v + " applies to task=classification only");
        }
        if (v.equals("balanced")) {
            return new TabularConfig.ClassWeights(TabularConfig.ClassWeights.Mode.BALANCED, null);
        }
        List<String> parts = list(v);
        if (parts.size() != classes) {
            throw new ConfigException("classWeights lists " + parts.size() + " weights but the model has " + classes
                    + " classes (or use none or balanced)");
        }
        float[] w = new float[classes];
        for (int k = 0; k < classes; k++) {
            try {
                w[k] = Float.parseFloat(parts.get(k));
            } catch (NumberFormatException e) {
                throw new ConfigException("classWeights must be none, balanced or numbers, got '" + v + "'");
            }
            if (!(w[k] >= 0) || !Float.isFinite(w[k])) {
                throw new ConfigException("classWeights: the weight of class " + k + " is " + parts.get(k)
                        + ", expected a finite number >= 0");
            }
        }
        return new TabularConfig.ClassWeights(TabularConfig.ClassWeights.Mode.EXPLICIT, w);
    }

    /** {@code col:n,col:n} for categorical columns only, each n >= min. */
    private static Map<String, Integer> columnMap(Function<String, String> get, String key, List<String> columns,
                                                  int min) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : list(get.apply(key))) {
            int colon = entry.lastIndexOf(':');
            String column = colon < 0 ? "" : entry.substring(0, colon).trim();
            int n;
            try {
                n = Integer.parseInt(entry.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                n = Integer.MIN_VALUE;
            }
            if (colon <= 0 || n < min) {
                throw new ConfigException(key + " expects column:size entries with sizes >= " + min + ", got '"
                        + entry + "'");
            }
            if (!columns.contains(column)) {
                throw new ConfigException(key + " names column '" + column + "', which is not in data.categoricalCols ("
                        + String.join(", ", columns) + ")");
            }
            out.put(column, n);
        }
        return out;
    }

    private static int integer(Function<String, String> get, String key, int min) {
        int v;
        try {
            v = Integer.parseInt(get.apply(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + get.apply(key) + "'");
        }
        if (v < min) {
            throw new ConfigException(key + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
