package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TrainValidationSplitTest {
    @Test
    void validationAndTrainingPartitionTheDataset() {
        TrainValidationSplit split = TrainValidationSplit.of(1000, 0.1, 7);
        assertThat(split.validationSize()).isEqualTo(100);
        assertThat(split.trainingSize()).isEqualTo(900);
        BitSet validation = collect(split.validationSet(), 1000);
        assertThat(validation.cardinality()).isEqualTo(100);
        for (int epoch = 1; epoch <= 3; epoch++) {
            BitSet training = collect(split.epochOrder(epoch), 1000);
            assertThat(training.cardinality()).as("epoch %d visits each training sample once", epoch).isEqualTo(900);
            assertThat(training.intersects(validation)).isFalse();
        }
    }

    @Test
    void epochsVisitTrainingSamplesInDifferentSeededOrders() {
        TrainValidationSplit split = TrainValidationSplit.of(1000, 0.2, 7);
        IndexOrder one = split.epochOrder(1);
        IndexOrder two = split.epochOrder(2);
        int same = 0;
        for (long p = 0; p < one.size(); p++) {
            if (one.indexAt(p) == two.indexAt(p)) {
                same++;
            }
            assertThat(one.indexAt(p)).isEqualTo(TrainValidationSplit.of(1000, 0.2, 7).epochOrder(1).indexAt(p));
        }
        assertThat(same).isLessThan(20);
        // A different seed holds out different samples.
        assertThat(collect(TrainValidationSplit.of(1000, 0.2, 8).validationSet(), 1000))
                .isNotEqualTo(collect(split.validationSet(), 1000));
    }

    @Test
    void withoutValidationTheEpochOrderIsThePlainSampleOrder() {
        TrainValidationSplit split = TrainValidationSplit.of(500, 0, 3);
        SampleOrder plain = new SampleOrder(500, 3, 4);
        for (long p = 0; p < 500; p++) {
            assertThat(split.epochOrder(4).indexAt(p)).isEqualTo(plain.indexAt(p));
        }
        assertThat(split.validationSize()).isZero();
    }

    @Test
    void badFractionsAreRejected() {
        assertThatThrownBy(() -> TrainValidationSplit.of(10, 1.0, 1)).hasMessage(
                "validation.fraction must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> TrainValidationSplit.of(1, 0.5, 1)).hasMessage(
                "validation.fraction 0.5 leaves no training samples out of 1");
    }

    private static BitSet collect(IndexOrder order, int n) {
        BitSet seen = new BitSet(n);
        for (long p = 0; p < order.size(); p++) {
            int i = (int) order.indexAt(p);
            assertThat(seen.get(i)).as("index %d twice", i).isFalse();
            seen.set(i);
        }
        return seen;
    }
}
