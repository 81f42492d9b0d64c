package io.dpnet.export;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.dpnet.data.IdxDataset;
import io.dpnet.model.ModelIo;
import io.dpnet.testing.CliRun;
import io.dpnet.testing.Mnist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported file scores like {@code dpnet predict}: same prediction and probabilities for
 * every MNIST test image, and the serving snippet in docs/export.md, run verbatim, reproduces
 * predict's row for one image.
 */
class PredictAgreementTest {
    /** The three lines docs/export.md shows; the test below runs exactly these. */
    private static final String SNIPPET = """
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session = env.createSession("mnist.onnx", new OrtSession.SessionOptions());
            long label = ((long[]) session.run(Map.of("features", OnnxTensor.createTensor(env, new float[][] {pixels}))).get("label").get().getValue())[0];
            """;

    @TempDir
    Path tmp;

    @Test
    void exportedModelAgreesWithDpnetPredictOnEveryMnistTestImage() throws Exception {
        Mnist.require();
        Path modelDir = tmp.resolve("model");
        ModelIo.save(new Configuration(), modelDir.toString(), ExportCliTest.mnistShapedModel(), false);
        Path onnxFile = tmp.resolve("mnist.onnx");
        assertThat(run("export", "--model", modelDir.toString(), "--out", onnxFile.toString()).code()).isZero();
        CliRun predict = run("predict", "--model", modelDir.toString(), "--data", Mnist.DIR.toString(),
                "--out", tmp.resolve("pred").toString(), "--format", "csv", "--master", "local[2]");
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String[]> rows = csvRows(tmp.resolve("pred"));
        assertThat(rows).hasSize(10_000);

        Configuration conf = new Configuration();
        IdxDataset images = IdxDataset.open(conf, Mnist.DIR.resolve("t10k-images-idx3-ubyte").toString(),
                Mnist.DIR.resolve("t10k-labels-idx1-ubyte").toString(), 10);
        float[] x = new float[images.count() * 784];
        images.read(conf, 0, images.count(), x, 0, new int[images.count()], 0);
        double maxDelta = 0;
        try (OrtModel ort = new OrtModel(Files.readAllBytes(onnxFile))) {
            float[] p = ort.floats(OnnxExport.PROBABILITIES, x, images.count(), 10);
            long[] labels = ort.longs(OnnxExport.LABEL, x, images.count());
            for (String[] row : rows) {
                int id = Integer.parseInt(row[0]);
                assertThat(labels[id]).as("label of image %d", id).isEqualTo(Long.parseLong(row[1]));
                for (int c = 0; c < 10; c++) {
                    maxDelta = Math.max(maxDelta, Math.abs(p[id * 10 + c] - Double.parseDouble(row[2 + c])));
                }
            }
        }
        System.out.printf("onnx-check: dpnet predict vs ONNX Runtime on 10000 MNIST test images: max|Δp| = %.3g%n",
                maxDelta);
        assertThat(maxDelta).isLessThanOrEqualTo(1e-5);

        // The docs' snippet, verbatim, on image 0 (run from the temp dir's file name).
        assertThat(Files.readString(Path.of("docs/export.md"))).contains("```java\n" + SNIPPET + "```");
        float[] pixels = java.util.Arrays.copyOfRange(x, 0, 784);
        long label = snippet(onnxFile, pixels);
        String[] row0 = rows.stream().filter(r -> r[0].equals("0")).findFirst().orElseThrow();
        assertThat(label).isEqualTo(Long.parseLong(row0[1]));
    }

    /** SNIPPET with "mnist.onnx" pointing at {@code file}. */
    private static long snippet(Path file, float[] pixels) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        long label = ((long[]) session.run(Map.of("features", OnnxTensor.createTensor(env, new float[][] {pixels}))).get("label").get().getValue())[0];
        session.close();
        return label;
    }

    /** The data lines of every CSV part file: id, prediction, prob_0..prob_9. */
    private static List<String[]> csvRows(Path dir) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path part : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
                assertThat(lines.get(0)).isEqualTo("id,prediction,prob_0,prob_1,prob_2,prob_3,prob_4,prob_5,prob_6,"
                        + "prob_7,prob_8,prob_9");
                lines.stream().skip(1).map(l -> l.split(",")).forEach(rows::add);
            }
        }
        return rows;
    }
}
