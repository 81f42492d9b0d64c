package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded N(0, 1/dim) initialization that depends only on the seed and the table's index. */
class EmbeddingTablesTest {

    @Test
    void theSameSeedGivesTheSameTablesAndAnotherSeedOthers() {
        InputBlockSpec spec = InputBlockSpecTest.sample();
        EmbeddingTables a = EmbeddingTables.initialize(spec, 42);
        EmbeddingTables b = EmbeddingTables.initialize(spec, 42);
        EmbeddingTables c = EmbeddingTables.initialize(spec, 43);
        for (int t = 0; t < spec.tableCount(); t++) {
            assertThat(a.table(t)).isEqualTo(b.table(t));
            assertThat(a.table(t)).isNotEqualTo(c.table(t));
        }
    }

    @Test
    void aTableDependsOnlyOnTheSeedAndItsIndexNotOnTheOtherTables() {
        CategoricalInput user = new CategoricalInput("user", 500, 8, OovPolicy.ERROR);
        InputBlockSpec alone = new InputBlockSpec(0, List.of(user), null);
        InputBlockSpec withMore = new InputBlockSpec(5, List.of(user, new CategoricalInput("c", 9, 3, OovPolicy.ERROR)),
                new TokenBagInput("t", 20, 2, Pooling.SUM, 0, OovPolicy.ERROR));
        assertThat(EmbeddingTables.initialize(withMore, 7).table(0))
                .isEqualTo(EmbeddingTables.initialize(alone, 7).table(0));
    }

    @Test
    void entriesHaveMeanZeroAndVarianceOneOverDim() {
        InputBlockSpec spec = new InputBlockSpec(0, List.of(new CategoricalInput("big", 20_000, 16, OovPolicy.ERROR)), null);
        float[] t = EmbeddingTables.initialize(spec, 1).table(0);
        double sum = 0;
        double sq = 0;
        for (float v : t) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / t.length;
        double var = sq / t.length - mean * mean;
        // 320 000 draws: the sample variance is within ±1% of 1/16 with overwhelming probability.
        assertThat(mean).isCloseTo(0, within(0.002));
        assertThat(var).isCloseTo(1.0 / 16, within(0.01 / 16 * 3));
    }

    @Test
    void wrappedArraysMustHaveTheSpecsShape() {
        InputBlockSpec spec = new InputBlockSpec(0, List.of(new CategoricalInput("u", 10, 4, OovPolicy.UNKNOWN_ID)), null);
        assertThatThrownBy(() -> new EmbeddingTables(spec, new float[][] {new float[40]}))
                .hasMessage("table 'u' needs 11 × 4 = 44 floats, got 40");
    }
}
