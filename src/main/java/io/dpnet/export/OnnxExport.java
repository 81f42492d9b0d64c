package io.dpnet.export;

import io.dpnet.export.proto.OnnxProto.ModelProto;
import io.dpnet.export.proto.OnnxProto.OperatorSetIdProto;
import io.dpnet.export.proto.OnnxProto.TensorProto;
import io.dpnet.model.AtomicPublish;
import io.dpnet.model.DpnetVersion;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a {@link SavedModel} into a standard ONNX model: opset {@value #OPSET} of the default
 * domain, IR version {@value #IR_VERSION}, float32 throughout.
 *
 * <p>The graph: input {@code features} float32 [N, inputs] (the same scaled features dpnet
 * trains on; for MNIST pixel/255), then each block of the architecture in order — today one
 * {@link DenseBlock} per dense layer — then the {@link OutputHead}'s outputs. An input block kind
 * (e.g. issue #12's embeddings: Gather + ReduceMean/ReduceSum, Concat) is one more emitter of the
 * same shape, {@code String emit(ExportContext, ..., String input)}, called before the dense
 * stack.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph uses (Gemm, Relu, LeakyRelu, Sigmoid, Tanh, Softmax, ArgMax, Identity). */
    public static final int OPSET = 13;
    /** The IR version that goes with opset 13 (ONNX 1.8). */
    public static final int IR_VERSION = 7;
    public static final String FEATURES = "features";
    public static final String PROBABILITIES = "probabilities";
    public static final String LABEL = "label";
    public static final String PREDICTION = "prediction";

    /** An export to a file: which model, with which head, to which Hadoop path. */
    public record Request(SavedModel model, OutputHead head, String path, boolean overwrite) {
    }

    private OnnxExport() {
    }

    /** The ONNX model for {@code model} with the given head. */
    public static ModelProto toOnnx(SavedModel model, OutputHead head) {
        ModelSpec spec = model.spec();
        OnnxGraph graph = new OnnxGraph("dpnet", spec.toString());
        graph.input(new OnnxGraph.Port(FEATURES, TensorProto.DataType.FLOAT_VALUE,
                "float32 [N, " + spec.inputSize() + "]: one row of scaled features per sample, as dpnet reads them",
                spec.inputSize()));
        ExportContext ctx = new ExportContext(graph, spec, model.params());
        String value = FEATURES;
        for (int l = 0; l < spec.layerCount(); l++) {
            value = DenseBlock.emit(ctx, l, value);
        }
        head.emit(ctx, value);
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("dpnet")
                .setProducerVersion(DpnetVersion.get())
                .setDocString("dpnet " + head + " " + spec + "; inputs: " + FEATURES + "; outputs: "
                        + String.join(", ", head.outputNames()))
                .setGraph(graph.build())
                .addAllMetadataProps(OnnxMetadata.of(model, head))
                .build();
    }

    /**
     * Writes the ONNX file at {@code request.path()} (any Hadoop path), atomically: readers see no
     * file, the old one or the complete new one. Returns the file's size in bytes.
     *
     * @throws org.apache.hadoop.fs.FileAlreadyExistsException "{@code <path> already exists (pass
     *     --overwrite to replace it)}" unless {@code request.overwrite()}
     */
    public static long write(Configuration conf, Request request) throws IOException {
        ModelProto onnx = toOnnx(request.model(), request.head());
        AtomicPublish.publishFile(conf, request.path(), request.overwrite(), (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, false)) {
                onnx.writeTo(out);
            }
        });
        return onnx.getSerializedSize();
    }
}
