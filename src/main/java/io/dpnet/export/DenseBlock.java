package io.dpnet.export;

import io.dpnet.nn.DenseSpec;
import java.util.List;

/**
 * One dense layer {@code a = f(x·W + b)} as ONNX {@code Gemm} plus its activation.
 *
 * <p>dpnet stores W as {@code inputs × outputs}, row-major, and multiplies {@code x·W} (see
 * {@link DenseSpec} and {@code JavaGemm.mul}); that is exactly Gemm's {@code A·B + C} with
 * {@code transB = 0}, so the weights are written as they are, never transposed.
 */
final class DenseBlock {
    private DenseBlock() {
    }

    /** Emits layer {@code l} (0-based) reading {@code input}; returns the name of its activation. */
    static String emit(ExportContext ctx, int l, String input) {
        DenseSpec layer = ctx.spec().layer(l);
        OnnxGraph g = ctx.graph();
        String id = "dense" + (l + 1);
        String w = g.floatTensor(id + "_W", ctx.params(), ctx.spec().weightOffset(l), layer.inputs(), layer.outputs());
        String b = g.floatTensor(id + "_b", ctx.params(), ctx.spec().biasOffset(l), layer.outputs());
        // Gemm's defaults (alpha = beta = 1, no transposes) are spelled out so the file reads alone.
        String z = g.node("Gemm", id, List.of(OnnxGraph.floatAttr("alpha", 1f), OnnxGraph.floatAttr("beta", 1f),
                OnnxGraph.intAttr("transA", 0), OnnxGraph.intAttr("transB", 0)), input, w, b);
        return ActivationOps.emit(g, layer.activation(), z, id);
    }
}
