package io.dpnet.export;

import io.dpnet.export.proto.OnnxProto.TensorProto;
import io.dpnet.nn.Activation;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import java.util.List;
import java.util.Locale;

/** What the exported graph outputs, given the network's last activation. */
public enum OutputHead {
    /**
     * {@code probabilities} float32 [N, classes] (the output layer's values, as {@code dpnet
     * predict}'s probability column) and {@code label} int64 [N] (their argmax; ties go to the
     * lowest class, as in dpnet).
     */
    CLASSIFIER,
    /** {@code prediction} float32 [N, outputs]: the output layer's values. */
    REGRESSOR;

    /**
     * The head a model's architecture implies: a linear output trained with {@code mse} predicts
     * real values, everything else scores classes. (Issue #12 adds regression heads that the
     * model records; until then this is the one signal there is, and {@code --head} overrides it.)
     */
    public static OutputHead of(ModelSpec spec) {
        boolean linearOut = spec.output().activation().kind() == Activation.Kind.LINEAR;
        return linearOut && spec.loss() == LossKind.MSE ? REGRESSOR : CLASSIFIER;
    }

    /** {@code classifier} or {@code regressor}, case-insensitive. */
    public static OutputHead parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        for (OutputHead h : values()) {
            if (h.name().equals(s)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown head '" + text + "' (expected classifier or regressor)");
    }

    /** The graph outputs this head declares, in order. */
    public List<String> outputNames() {
        return this == CLASSIFIER ? List.of(OnnxExport.PROBABILITIES, OnnxExport.LABEL)
                : List.of(OnnxExport.PREDICTION);
    }

    /** Declares the head's outputs from the network's last value {@code out}. */
    void emit(ExportContext ctx, String out) {
        OnnxGraph g = ctx.graph();
        int width = ctx.spec().outputSize();
        if (this == REGRESSOR) {
            g.output(new OnnxGraph.Port(OnnxExport.PREDICTION, TensorProto.DataType.FLOAT_VALUE,
                    "float32 [N, " + width + "]: the network's output for each row", width), out);
            return;
        }
        g.output(new OnnxGraph.Port(OnnxExport.PROBABILITIES, TensorProto.DataType.FLOAT_VALUE,
                "float32 [N, " + width + "]: the output layer's values (class probabilities for a softmax output)",
                width), out);
        String label = g.node("ArgMax", OnnxExport.LABEL,
                List.of(OnnxGraph.intAttr("axis", 1), OnnxGraph.intAttr("keepdims", 0)), out);
        g.output(new OnnxGraph.Port(OnnxExport.LABEL, TensorProto.DataType.INT64_VALUE,
                "int64 [N]: the predicted class, argmax of probabilities (first on ties)"), label);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
