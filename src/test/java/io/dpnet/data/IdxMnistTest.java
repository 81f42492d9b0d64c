package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reads the real MNIST files that scripts/fetch-mnist.sh puts in data/mnist. */
@Tag("mnist")
class IdxMnistTest {
    private static final String DIR = "data/mnist";
    private static final Configuration CONF = new Configuration();

    @BeforeAll
    static void requireData() {
        io.dpnet.testing.Mnist.require();
    }

    @Test
    void filesMatchThePinnedChecksums() throws IOException {
        assertThat(Sha256.ofFile(CONF, DIR + "/train-images-idx3-ubyte"))
                .isEqualTo("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
        assertThat(Sha256.ofFile(CONF, DIR + "/train-labels-idx1-ubyte"))
                .isEqualTo("65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
        assertThat(Sha256.ofFile(CONF, DIR + "/t10k-images-idx3-ubyte"))
                .isEqualTo("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
        assertThat(Sha256.ofFile(CONF, DIR + "/t10k-labels-idx1-ubyte"))
                .isEqualTo("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    }

    @Test
    void trainingSet() throws IOException {
        int[] labels = readAll("train", 60000);

        assertThat(labels[0]).isEqualTo(5);
        // Per-digit counts of the MNIST training set (the test set's below); they sum to the item count.
        assertThat(histogram(labels)).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    }

    @Test
    void testSet() throws IOException {
        int[] labels = readAll("t10k", 10000);

        assertThat(labels[0]).isEqualTo(7);
        assertThat(histogram(labels)).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    private static int[] readAll(String prefix, int expectedCount) throws IOException {
        IdxDataset ds = IdxDataset.open(CONF, DIR + "/" + prefix + "-images-idx3-ubyte",
                DIR + "/" + prefix + "-labels-idx1-ubyte", 10);
        assertThat(ds.count()).isEqualTo(expectedCount);
        assertThat(ds.rows()).isEqualTo(28);
        assertThat(ds.cols()).isEqualTo(28);
        assertThat(ds.features()).isEqualTo(784);

        float[] features = new float[expectedCount * 784];
        int[] labels = new int[expectedCount];
        ds.read(CONF, 0, expectedCount, features, 0, labels, 0);

        // MNIST digits are mostly background: the mean pixel is about 0.13 in both sets.
        double mean = 0;
        for (float f : features) {
            mean += f;
        }
        assertThat(mean / features.length).isBetween(0.12, 0.14);
        return labels;
    }

    private static int[] histogram(int[] labels) {
        int[] counts = new int[10];
        for (int l : labels) {
            counts[l]++;
        }
        assertThat(Arrays.stream(counts).sum()).isEqualTo(labels.length);
        return counts;
    }
}
