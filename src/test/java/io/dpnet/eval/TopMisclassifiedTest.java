package io.dpnet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The bounded heap against sorting everything, however the candidates are split and merged. */
class TopMisclassifiedTest {
    private static final int FEATURES = 3;

    private record Candidate(long index, float confidence) {
    }

    private static final Comparator<Candidate> STRONGEST_FIRST = Comparator
            .comparing(Candidate::confidence, Comparator.reverseOrder())
            .thenComparing(Candidate::index);

    /** Pixels derived from the index, so a result's pixels show they travelled with their sample. */
    private static float[] pixelsOf(long index) {
        return new float[] {index, index + 0.25f, index + 0.5f};
    }

    private static void offer(TopMisclassified top, Candidate c) {
        float[] src = new float[FEATURES + 2];
        System.arraycopy(pixelsOf(c.index()), 0, src, 2, FEATURES);
        top.offer(c.index(), (int) (c.index() % 10), (int) ((c.index() + 1) % 10), c.confidence(), src, 2);
    }

    @Property(tries = 200)
    void mergedPartitionHeapsKeepExactlyTheStrongestK(@ForAll @IntRange(min = 0, max = 12) int k,
                                                      @ForAll @IntRange(min = 0, max = 200) int n,
                                                      @ForAll @IntRange(min = 1, max = 5) int partitions,
                                                      @ForAll long seed) {
        Random rng = new Random(seed);
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Few distinct confidences, so ties (broken by index) are common.
            all.add(new Candidate(i, rng.nextInt(8) / 8f));
        }
        List<TopMisclassified> heaps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            heaps.add(new TopMisclassified(k, FEATURES));
        }
        for (Candidate c : all) {
            offer(heaps.get(rng.nextInt(partitions)), c);
        }
        TopMisclassified merged = new TopMisclassified(k, FEATURES);
        for (TopMisclassified h : heaps) {
            merged = merged.merge(h);
        }

        List<Candidate> expected = all.stream().sorted(STRONGEST_FIRST).limit(k).toList();
        List<Misclassification> got = merged.sorted();
        assertThat(got.stream().map(m -> new Candidate(m.index(), m.confidence())).toList()).isEqualTo(expected);
        for (Misclassification m : got) {
            assertThat(m.pixels()).containsExactly(pixelsOf(m.index()));
            assertThat(m.label()).isEqualTo((int) (m.index() % 10));
            assertThat(m.predicted()).isEqualTo((int) ((m.index() + 1) % 10));
        }
    }

    @Test
    void wouldKeepOnlyWhatBeatsTheWeakestOnceFull() {
        TopMisclassified top = new TopMisclassified(2, FEATURES);
        assertThat(top.wouldKeep(0.1f, 5)).isTrue();
        offer(top, new Candidate(5, 0.5f));
        offer(top, new Candidate(6, 0.7f));
        assertThat(top.wouldKeep(0.4f, 1)).isFalse();
        assertThat(top.wouldKeep(0.5f, 4)).as("a tie goes to the lower index").isTrue();
        assertThat(top.wouldKeep(0.5f, 9)).isFalse();
        assertThat(top.wouldKeep(Float.NaN, 0)).as("NaN never ranks").isFalse();
        assertThat(new TopMisclassified(0, FEATURES).wouldKeep(1f, 0)).isFalse();
    }

    @Test
    void sortedCopiesThePixels() {
        TopMisclassified top = new TopMisclassified(1, FEATURES);
        offer(top, new Candidate(3, 0.9f));
        top.sorted().get(0).pixels()[0] = -1;
        assertThat(top.sorted().get(0).pixels()).containsExactly(pixelsOf(3));
    }
}
