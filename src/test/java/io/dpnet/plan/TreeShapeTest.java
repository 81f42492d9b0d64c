package io.dpnet.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spark's treeAggregate level rule (checked against real Spark stages in TreeShapeSparkTest). */
class TreeShapeTest {
    @Test
    void depthTwoAddsALevelFromSixPartitions() {
        for (int p = 1; p <= 5; p++) {
            assertThat(TreeShape.levels(p, 2)).as("P=%d", p).isEmpty();
            assertThat(TreeShape.resultsAtDriver(p, 2)).isEqualTo(p);
        }
        // scale = ceil(sqrt(6)) = 3; 6 > 3 + 2, so one level into 6 / 3 = 2 partitions.
        assertThat(TreeShape.levels(6, 2)).containsExactly(2);
        assertThat(TreeShape.levels(8, 2)).containsExactly(2);
        assertThat(TreeShape.levels(16, 2)).containsExactly(4);
        assertThat(TreeShape.levels(64, 2)).containsExactly(8);
        assertThat(TreeShape.resultsAtDriver(64, 2)).isEqualTo(8);
    }

    @Test
    void depthOneNeverAddsALevelAndDepthThreeAddsTwo() {
        assertThat(TreeShape.levels(64, 1)).isEmpty();
        // scale = 4: 64 -> 16 -> 4, then 4 > 4 + 1 fails.
        assertThat(TreeShape.levels(64, 3)).containsExactly(16, 4);
    }

    @Test
    void refusesNonPositiveArguments() {
        assertThatThrownBy(() -> TreeShape.levels(0, 2)).hasMessage("partitions and depth must be positive, got 0 and 2");
        assertThatThrownBy(() -> TreeShape.levels(4, 0)).hasMessage("partitions and depth must be positive, got 4 and 0");
    }
}
