package io.dpnet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    /**
     * Rows = actual, columns = predicted:
     * <pre>
     *   3 1 0
     *   1 2 0
     *   0 1 1
     * </pre>
     */
    static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2};
    static final int[] PREDICTED = {0, 0, 0, 1, 0, 1, 1, 1, 2};

    static ConfusionMatrix example() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.addAll(ACTUAL, PREDICTED, ACTUAL.length);
        return m;
    }

    @Test
    void handComputedThreeClassExample() {
        ConfusionMatrix m = example();

        assertThat(m.toArray()).isEqualTo(new long[][] {{3, 1, 0}, {1, 2, 0}, {0, 1, 1}});
        assertThat(m.total()).isEqualTo(9);
        assertThat(m.accuracy()).isEqualTo(6.0 / 9);
        // class 0: tp 3, predicted 4, actual 4
        assertThat(m.precision(0)).isEqualTo(0.75);
        assertThat(m.recall(0)).isEqualTo(0.75);
        assertThat(m.f1(0)).isEqualTo(0.75);
        // class 1: tp 2, predicted 4, actual 3 → F1 = 2·(1/2)(2/3) / (1/2 + 2/3) = 4/7
        assertThat(m.precision(1)).isEqualTo(0.5);
        assertThat(m.recall(1)).isEqualTo(2.0 / 3);
        assertThat(m.f1(1)).isEqualTo(4.0 / 7);
        // class 2: tp 1, predicted 1, actual 2 → F1 = 2·1·(1/2) / (3/2) = 2/3
        assertThat(m.precision(2)).isEqualTo(1.0);
        assertThat(m.recall(2)).isEqualTo(0.5);
        assertThat(m.f1(2)).isEqualTo(2.0 / 3);
        assertThat(m.support(0)).isEqualTo(4);
        assertThat(m.support(1)).isEqualTo(3);
        assertThat(m.support(2)).isEqualTo(2);
        assertThat(m.predicted(1)).isEqualTo(4);
        // (3/4 + 4/7 + 2/3) / 3 = (63 + 48 + 56) / 252
        assertThat(m.macroF1()).isCloseTo(167.0 / 252, within(1e-15));
    }

    @Test
    void metricsThatWouldDivideByZeroAreZero() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertThat(m.accuracy()).isZero();
        m.add(0, 0);
        m.add(1, 0);
        // class 1 is never predicted, class 2 neither predicted nor present
        assertThat(m.precision(1)).isZero();
        assertThat(m.recall(1)).isZero();
        assertThat(m.f1(1)).isZero();
        assertThat(m.precision(2)).isZero();
        assertThat(m.recall(2)).isZero();
        assertThat(m.f1(2)).isZero();
        // class 0: precision 1/2, recall 1 → F1 2/3; the absent classes count as 0
        assertThat(m.macroF1()).isEqualTo((2.0 / 3) / 3);
    }

    @Test
    void mergingPartsEqualsCountingTheWhole() {
        ConfusionMatrix a = new ConfusionMatrix(3);
        ConfusionMatrix b = new ConfusionMatrix(3);
        for (int i = 0; i < ACTUAL.length; i++) {
            (i % 2 == 0 ? a : b).add(ACTUAL[i], PREDICTED[i]);
        }
        assertThat(a.merge(b)).isSameAs(a);
        assertThat(a.toArray()).isEqualTo(example().toArray());
        assertThat(b.total()).isEqualTo(4);
    }

    @Test
    void addAllUsesOnlyTheFirstNPairs() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.addAll(ACTUAL, PREDICTED, 4);
        assertThat(m.toArray()).isEqualTo(new long[][] {{3, 1, 0}, {0, 0, 0}, {0, 0, 0}});
        assertThatThrownBy(() -> m.addAll(ACTUAL, PREDICTED, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot add 10 pairs from arrays of length 9 and 9");
    }

    @Test
    void rejectsMismatchedSizesAndOutOfRangeClasses() {
        assertThatThrownBy(() -> new ConfusionMatrix(3).merge(new ConfusionMatrix(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge a 2-class confusion matrix into a 3-class one");
        assertThatThrownBy(() -> new ConfusionMatrix(10).add(10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actual class 10 is out of range: the model has 10 classes (0..9)");
        assertThatThrownBy(() -> new ConfusionMatrix(10).add(3, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted class -1 is out of range: the model has 10 classes (0..9)");
    }

    @Test
    void toArrayIsACopy() {
        ConfusionMatrix m = example();
        m.toArray()[0][0] = 100;
        assertThat(m.count(0, 0)).isEqualTo(3);
    }

    @Test
    void survivesJavaSerializationAsSparkShipsIt() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(example());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((ConfusionMatrix) in.readObject()).toArray()).isEqualTo(example().toArray());
        }
    }
}
