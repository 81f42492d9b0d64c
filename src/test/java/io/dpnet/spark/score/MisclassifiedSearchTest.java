package io.dpnet.spark.score;

import io.dpnet.eval.Misclassification;
import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.input.ShardedData;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.IdxDataset;
import io.dpnet.nn.Activation;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.Init;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.Losses;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The distributed top-K search against predicting every sample one at a time on the driver. */
class MisclassifiedSearchTest {
    private static final int COUNT = 700;
    private static final int SIDE = 6;
    private static final int CLASSES = 5;

    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;
    private static float[] x;
    private static int[] y;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "t10k", COUNT, SIDE, CLASSES, 3);
        Configuration conf = new Configuration();
        data = IdxDataset.open(conf, dir.resolve("t10k-images-idx3-ubyte").toString(),
                dir.resolve("t10k-labels-idx1-ubyte").toString(), CLASSES);
        x = new float[COUNT * SIDE * SIDE];
        y = new int[COUNT];
        data.read(conf, 0, COUNT, x, 0, y, 0);
        sc = SparkTestContext.get();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static ModelSpec spec(Activation output, LossKind loss) {
        return ModelSpec.of(new int[] {SIDE * SIDE, 12, CLASSES}, List.of(Activation.TANH, output), loss);
    }

    /** Every wrong prediction, scored one sample at a time, strongest first. */
    private static List<Misclassification> bruteForce(ModelSpec spec, float[] params) {
        Sequential net = new Sequential(spec);
        Workspace ws = net.workspace(1, Gemm.create("java"));
        boolean softmax = spec.output().activation().kind() == Activation.Kind.SOFTMAX;
        int f = SIDE * SIDE;
        List<Misclassification> wrong = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            float[] out = net.forward(params, x, i * f, 1, ws);
            int predicted = Losses.argmax(out, 0, CLASSES);
            if (predicted != y[i]) {
                wrong.add(new Misclassification(i, y[i], predicted,
                        MisclassifiedSearch.confidence(out, 0, CLASSES, predicted, softmax),
                        java.util.Arrays.copyOfRange(x, i * f, (i + 1) * f)));
            }
        }
        wrong.sort(Comparator.comparing(Misclassification::confidence, Comparator.reverseOrder())
                .thenComparing(Misclassification::index));
        return wrong;
    }

    private static void assertSame(List<Misclassification> got, List<Misclassification> expected) {
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Misclassification g = got.get(i);
            Misclassification e = expected.get(i);
            assertThat(g.index()).as("rank %d", i).isEqualTo(e.index());
            assertThat(g.label()).isEqualTo(e.label());
            assertThat(g.predicted()).isEqualTo(e.predicted()).isNotEqualTo(g.label());
            assertThat(g.confidence()).isEqualTo(e.confidence());
            assertThat(g.pixels()).containsExactly(e.pixels());
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 3, 4})
    void findsTheSameTopKAsScoringEverySampleOnOneMachine(int partitions) {
        ModelSpec spec = spec(Activation.SOFTMAX, LossKind.CROSS_ENTROPY);
        // An untrained model: most predictions are wrong, with confidences spread over (1/5, 1).
        float[] params = new Sequential(spec).initParams(Init.XAVIER, 11);
        List<Misclassification> expected = bruteForce(spec, params);
        assertThat(expected.size()).as("enough mistakes to choose from").isGreaterThan(100);

        ShardedData shards = ShardedData.load(sc, data, partitions, "test-" + partitions);
        try {
            assertSame(MisclassifiedSearch.find(sc, shards, spec, params, "java", 15, 2), expected.subList(0, 15));
        } finally {
            shards.release();
        }
    }

    @Test
    void returnsEveryMistakeWhenKExceedsThemAndNoneForKZero() {
        ModelSpec spec = spec(Activation.SOFTMAX, LossKind.CROSS_ENTROPY);
        float[] params = new Sequential(spec).initParams(Init.HE, 5);
        List<Misclassification> expected = bruteForce(spec, params);
        ShardedData shards = ShardedData.load(sc, data, 2, "test-all");
        try {
            assertSame(MisclassifiedSearch.find(sc, shards, spec, params, "java", COUNT, 2), expected);
            assertThat(MisclassifiedSearch.find(sc, shards, spec, params, "java", 0, 2)).isEmpty();
        } finally {
            shards.release();
        }
    }

    @Test
    void ranksModelsWithoutSoftmaxOutputBySoftmaxOfTheirOutputs() {
        ModelSpec spec = spec(Activation.SIGMOID, LossKind.MSE);
        float[] params = new Sequential(spec).initParams(Init.XAVIER, 2);
        List<Misclassification> expected = bruteForce(spec, params);
        ShardedData shards = ShardedData.load(sc, data, 3, "test-mse");
        try {
            List<Misclassification> got = MisclassifiedSearch.find(sc, shards, spec, params, "java", 10, 3);
            assertSame(got, expected.subList(0, 10));
            assertThat(got).allSatisfy(m -> assertThat(m.confidence()).isBetween(1f / CLASSES, 1f));
        } finally {
            shards.release();
        }
    }
}
