package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.dpnet.model.SavedModel;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.exportOnnx(path)}: the Pipeline API model's probabilities, served by ONNX Runtime. */
class DenseNetModelOnnxTest {
    @TempDir
    Path tmp;

    @Test
    void exportedFileReproducesPredictProbabilityAndRefusesToOverwrite() throws Exception {
        ModelSpec spec = ModelSpec.of(new int[] {5, 8, 3}, List.of(Activation.TANH, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        float[] params = new Sequential(spec).initParams(Init.XAVIER, 4);
        DenseNetClassificationModel model = new DenseNetClassificationModel("m1",
                SavedModel.builder(spec, params).build());
        Path file = tmp.resolve("net.onnx");

        long bytes = model.exportOnnx(file.toString());

        assertThat(Files.size(file)).isEqualTo(bytes);
        Random rnd = new Random(8);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            for (int i = 0; i < 50; i++) {
                float[] x = new float[5];
                double[] xd = new double[5];
                for (int j = 0; j < 5; j++) {
                    x[j] = (float) (rnd.nextGaussian() * 2);
                    xd[j] = x[j];
                }
                Vector expected = model.predictProbability(Vectors.dense(xd));
                try (OnnxTensor in = OnnxTensor.createTensor(env, new float[][] {x});
                     OrtSession.Result r = session.run(Map.of("features", in))) {
                    float[] p = ((float[][]) r.get("probabilities").orElseThrow().getValue())[0];
                    long label = ((long[]) r.get("label").orElseThrow().getValue())[0];
                    for (int c = 0; c < 3; c++) {
                        assertThat((double) p[c]).isCloseTo(expected.apply(c), org.assertj.core.data.Offset.offset(1e-5));
                    }
                    assertThat(label).isEqualTo(expected.argmax());
                }
            }
        }

        assertThatThrownBy(() -> model.exportOnnx(file.toString()))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(file + " already exists (pass --overwrite to replace it)");
        assertThat(model.exportOnnx(file.toString(), true)).isEqualTo(bytes);
    }
}
