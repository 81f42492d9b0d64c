package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.examples.PipelineExample;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.testing.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example program of docs/pipeline-api.md runs end to end (on small MNIST-shaped synthetic data) and
 * writes both models.
 */
class PipelineExampleTest {
    @Test
    void runsAndSavesAPipelineModelAndACliModel(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        SyntheticIdx.write(data, "train", 600, 28, 10, 31);
        SyntheticIdx.write(data, "t10k", 200, 28, 10, 32);
        Path out = tmp.resolve("out");

        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            PipelineExample.main(new String[] {data.toString(), out.toString(), "500", "2"});
        } finally {
            System.setOut(old);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(printed).contains("training 784-256-256-10 on 500 MNIST rows").contains("test accuracy")
                .contains("scripts/dpnet evaluate --model " + out.resolve("model"));

        SavedModel cli = ModelIo.load(new Configuration(), out.resolve("model").toString());
        assertThat(cli.spec().sizes()).containsExactly(784, 256, 256, 10);
        assertThat(cli.metrics()).containsEntry("trainingRows", 500L);
        assertThat(out.resolve("pipeline/metadata")).isDirectory();
        // The example stopped its session; loading the PipelineModel needs one again.
        var spark = MlTestSession.plain();
        try {
            PipelineModel loaded = PipelineModel.load(out.resolve("pipeline").toString());
            assertThat(loaded.stages()[1]).isInstanceOf(DenseNetClassificationModel.class);
        } finally {
            spark.stop();
        }
    }
}
