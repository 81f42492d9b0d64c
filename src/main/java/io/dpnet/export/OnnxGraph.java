package io.dpnet.export;

import com.google.protobuf.ByteString;
import io.dpnet.export.proto.OnnxProto.AttributeProto;
import io.dpnet.export.proto.OnnxProto.GraphProto;
import io.dpnet.export.proto.OnnxProto.NodeProto;
import io.dpnet.export.proto.OnnxProto.TensorProto;
import io.dpnet.export.proto.OnnxProto.TensorShapeProto;
import io.dpnet.export.proto.OnnxProto.TypeProto;
import io.dpnet.export.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * A small builder over the generated {@link GraphProto}: adds weight tensors, operator nodes and
 * typed inputs/outputs, and hands out unique value names so blocks never collide. Each block
 * emitter takes the name of its input value and returns the name of the value it produced.
 */
final class OnnxGraph {
    /** The batch dimension's symbolic name: any number of rows. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    OnnxGraph(String name, String doc) {
        graph.setName(name).setDocString(doc);
    }

    /** {@code base} if unused, else {@code base_2}, {@code base_3}, ... */
    String fresh(String base) {
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /**
     * A float32 initializer of shape {@code dims} holding the values of {@code values} from
     * {@code offset} on, row-major; returns its name.
     */
    String floatTensor(String base, float[] values, int offset, int... dims) {
        int count = 1;
        for (int d : dims) {
            count = Math.multiplyExact(count, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values, offset, count);
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node of {@code opType} reading {@code inputs}; returns the name of its one output. */
    String node(String opType, String outputBase, Iterable<AttributeProto> attributes, String... inputs) {
        String out = fresh(outputBase);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh(opType + "_" + out))
                .setDomain("").addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.forEach(n::addAttribute);
        graph.addNode(n);
        return out;
    }

    /**
     * A named graph input or output: element type (a {@link TensorProto.DataType} number) and
     * shape {@code [N, widths...]}, with the documentation runtimes show for it.
     */
    record Port(String name, int elemType, String doc, int... widths) {
    }

    void input(Port port) {
        names.add(port.name());
        graph.addInput(valueInfo(port));
    }

    /**
     * Declares the graph output {@code port} as {@code value}; when the two names differ (the
     * value got a generic name before the head knew its role) an Identity node renames it.
     */
    void output(Port port, String value) {
        if (!port.name().equals(value)) {
            names.add(port.name());
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh("Identity_" + port.name()))
                    .setDomain("").addInput(value).addOutput(port.name()));
        }
        graph.addOutput(valueInfo(port));
    }

    GraphProto build() {
        return graph.build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    private static ValueInfoProto valueInfo(Port port) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int w : port.widths()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(w));
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(port.elemType()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(port.name()).setType(type).setDocString(port.doc()).build();
    }
}
