package io.dpnet.export;

import io.dpnet.export.proto.OnnxProto.StringStringEntryProto;
import io.dpnet.model.DpnetVersion;
import io.dpnet.model.SavedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exported model's {@code metadata_props}: dpnet's provenance as flat string pairs, which is
 * what ONNX runtimes expose (ONNX Runtime: {@code OrtSession.getMetadata().getCustomMetadata()}).
 *
 * <p>Keys: {@code dpnet.architecture}, {@code dpnet.head}, {@code dpnet.exportedBy} (the version
 * that wrote the file), then one key per entry of the saved model's maps, prefixed
 * {@code config.} (training config), {@code data.sha256.} (dataset checksums), {@code metric.}
 * and {@code provenance.} (which holds {@code dpnetVersion}, the version that trained it).
 */
final class OnnxMetadata {
    private OnnxMetadata() {
    }

    static List<StringStringEntryProto> of(SavedModel model, OutputHead head) {
        List<StringStringEntryProto> props = new ArrayList<>();
        add(props, "dpnet.architecture", model.spec().toString());
        add(props, "dpnet.head", head.toString());
        add(props, "dpnet.exportedBy", DpnetVersion.get());
        addAll(props, "config.", model.trainingConfig());
        addAll(props, "data.sha256.", model.datasetChecksums());
        addAll(props, "metric.", model.metrics());
        addAll(props, "provenance.", model.provenance());
        return props;
    }

    private static void addAll(List<StringStringEntryProto> props, String prefix, Map<String, ?> entries) {
        entries.forEach((k, v) -> add(props, prefix + k, String.valueOf(v)));
    }

    private static void add(List<StringStringEntryProto> props, String key, String value) {
        props.add(StringStringEntryProto.newBuilder().setKey(key).setValue(value).build());
    }
}
