package io.dpnet.export;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.dpnet.export.proto.OnnxProto.ModelProto;
import io.dpnet.model.DpnetVersion;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.Mnist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpnet export}: the file, its metadata, and the errors (shared with evaluate) users see. */
class ExportCliTest {
    @TempDir
    Path tmp;

    static SavedModel mnistShapedModel() {
        ModelSpec spec = ModelSpec.of(new int[] {784, 16, 10}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        return SavedModel.builder(spec, new Sequential(spec).initParams(Init.HE, 3))
                .trainingConfig(Map.of("epochs", "3", "optimizer", "adam"))
                .datasetChecksums(Map.of("train-images-idx3-ubyte", "ab".repeat(32)))
                .metrics(Map.of("testAccuracy", 0.9812))
                .provenance(Map.of("user", "ada"))
                .build();
    }

    private String saved(SavedModel model) throws Exception {
        String dir = tmp.resolve("model").toString();
        ModelIo.save(new Configuration(), dir, model, false);
        return dir;
    }

    @Test
    void writesAnOnnxFileWithNamedIoAndDpnetProvenance() throws Exception {
        String dir = saved(mnistShapedModel());
        Path out = tmp.resolve("mnist.onnx");
        CliRun c = run("export", "--model", dir, "--format", "onnx", "--out", out.toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.code()).isZero();
        long size = Files.size(out);
        assertThat(c.out()).isEqualTo(String.format("dpnet: wrote %s (ONNX opset 13, classifier, outputs "
                + "probabilities, label; %,d bytes)%n", out, size));
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(onnx.getIrVersion()).isEqualTo(7);
        assertThat(onnx.getOpsetImport(0).getDomain()).isEmpty();
        assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(onnx.getGraph().getNodeList()).extracting(n -> n.getOpType())
                .containsExactly("Gemm", "Relu", "Gemm", "Softmax", "Identity", "ArgMax");
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(out.toString(),
                new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactly("features");
            assertThat(s.getInputInfo().get("features").getInfo().toString()).contains("shape=[-1, 784]");
            assertThat(s.getOutputInfo().get("probabilities").getInfo().toString())
                    .contains("javaType=FLOAT,").contains("shape=[-1, 10]");
            assertThat(s.getOutputInfo().get("label").getInfo().toString())
                    .contains("javaType=INT64,").contains("shape=[-1]");
            assertThat(s.getMetadata().getProducerName()).isEqualTo("dpnet");
            assertThat(s.getMetadata().getCustomMetadata())
                    .containsEntry("dpnet.head", "classifier")
                    .containsEntry("dpnet.architecture", "784 -> 16 relu -> 10 softmax [cross_entropy, 12730 params]")
                    .containsEntry("dpnet.exportedBy", DpnetVersion.get())
                    .containsEntry("config.epochs", "3")
                    .containsEntry("config.optimizer", "adam")
                    .containsEntry("data.sha256.train-images-idx3-ubyte", "ab".repeat(32))
                    .containsEntry("metric.testAccuracy", "0.9812")
                    .containsEntry("provenance.user", "ada")
                    .containsEntry("provenance.dpnetVersion", DpnetVersion.get());
        }
    }

    @Test
    void headCanBeForcedAndARunDirectoryIsAccepted() throws Exception {
        Path runDir = tmp.resolve("run");
        ModelIo.save(new Configuration(), runDir.resolve("model").toString(), mnistShapedModel(), false);
        Path out = tmp.resolve("r.onnx");
        CliRun c = run("export", "--model", runDir.toString(), "--out", out.toString(), "--head", "regressor");
        assertThat(c.err()).isEmpty();
        assertThat(ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getOutputList())
                .extracting(o -> o.getName()).containsExactly("prediction");

        CliRun bad = run("export", "--model", runDir.toString(), "--out", tmp.resolve("x.onnx").toString(),
                "--head", "ranker");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("dpnet: error: unknown head 'ranker' (expected classifier or regressor)\n");
    }

    @Test
    void malformedModelDirectoriesGiveEvaluatesErrors() throws Exception {
        Mnist.require();
        String dir = saved(mnistShapedModel());
        Path model = Path.of(dir);
        // 1. no directory at all
        assertSameErrorAsEvaluate(tmp.resolve("nowhere").toString(),
                "dpnet: error: " + tmp.resolve("nowhere") + ": model directory does not exist\n");
        // 2. weights.bin shorter than model.json says
        byte[] weights = Files.readAllBytes(model.resolve("weights.bin"));
        Files.write(model.resolve("weights.bin"), java.util.Arrays.copyOf(weights, weights.length - 4));
        CliRun truncated = assertSameErrorAsEvaluate(dir, null);
        assertThat(truncated.err()).startsWith("dpnet: error: " + dir + "/weights.bin: ");
        // 3. model.json that is not JSON
        Files.writeString(model.resolve("model.json"), "{\"format\": ", StandardCharsets.UTF_8);
        CliRun json = assertSameErrorAsEvaluate(dir, null);
        assertThat(json.err()).startsWith("dpnet: error: " + dir + "/model.json: ");
        // 4. no model.json
        Files.delete(model.resolve("model.json"));
        assertSameErrorAsEvaluate(dir, "dpnet: error: " + dir + "/model.json: file not found\n");
    }

    /** The error line without its {@code (full trace in FILE)} suffix, which names the command's own log file. */
    private static String withoutTraceFile(String err) {
        return err.replaceAll(" \\(full trace in \\S+/dpnet-[a-z]+-\\d{8}-\\d{6}-\\d+(-\\d+)?\\.log\\)", "");
    }

    /** export and evaluate fail on {@code dir} with exit code 2 and the same message (the expected one if given). */
    private CliRun assertSameErrorAsEvaluate(String dir, String expected) {
        Path out = tmp.resolve("never.onnx");
        CliRun export = run("export", "--model", dir, "--out", out.toString());
        CliRun evaluate = run("evaluate", "--model", dir, "--images",
                Mnist.DIR.resolve("t10k-images-idx3-ubyte").toString(), "--labels",
                Mnist.DIR.resolve("t10k-labels-idx1-ubyte").toString(), "--out", tmp.resolve("report.json").toString());
        assertThat(export.code()).isEqualTo(2);
        assertThat(evaluate.code()).isEqualTo(2);
        // The same message; the trace file each names is its own command's.
        assertThat(withoutTraceFile(export.err())).isEqualTo(withoutTraceFile(evaluate.err()));
        if (expected != null) {
            assertThat(withoutTraceFile(export.err())).isEqualTo(expected);
        }
        assertThat(Files.exists(out)).isFalse();
        return export;
    }

    @Test
    void anExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        String dir = saved(mnistShapedModel());
        Path out = tmp.resolve("mnist.onnx");
        Files.writeString(out, "keep me");

        CliRun refused = run("export", "--model", dir, "--out", out.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("dpnet: error: " + out + " already exists (pass --overwrite to replace it)\n");
        assertThat(Files.readString(out)).isEqualTo("keep me");

        CliRun replaced = run("export", "--model", dir, "--out", out.toString(), "--overwrite");
        assertThat(replaced.code()).isZero();
        assertThat(ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getInputList())
                .extracting(i -> i.getName()).containsExactly("features");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model", "mnist.onnx");
        }
    }

    @Test
    void unknownFormatIsAUsageError() throws Exception {
        String dir = saved(mnistShapedModel());
        CliRun c = run("export", "--model", dir, "--format", "pmml", "--out", tmp.resolve("m.pmml").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).startsWith("Invalid value for option '--format': expected one of [onnx] (case-sensitive)"
                + " but was 'pmml'");
    }
}
