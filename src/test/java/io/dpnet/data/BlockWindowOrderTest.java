package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BlockWindowOrderTest {
    private static long[] order(IndexOrder o) {
        long[] out = new long[(int) o.size()];
        for (int p = 0; p < out.length; p++) {
            out[p] = o.indexAt(p);
        }
        return out;
    }

    @ParameterizedTest(name = "n={0} block={1} window={2}")
    @CsvSource({"1,1,1", "10,3,1", "10,3,2", "1000,64,4", "1000,100,10", "1000,100,20", "3001,128,5", "777,1000,3"})
    void isABijectionOnTheGlobalIndices(long n, int block, int window) {
        long[] o = order(new BlockWindowOrder(new BlockLayout(n, block), window, 42, 3));
        boolean[] hit = new boolean[(int) n];
        for (long i : o) {
            assertThat(i).isBetween(0L, n - 1);
            assertThat(hit[(int) i]).as("index %d visited twice", i).isFalse();
            hit[(int) i] = true;
        }
    }

    @Test
    void everyWindowReadsOnlyItsBlocksAndEveryBlockBelongsToOneWindow() {
        // 3001 samples in blocks of 128: 24 blocks, the last one short (57 samples); windows of 5.
        BlockLayout layout = new BlockLayout(3001, 128);
        BlockWindowOrder o = new BlockWindowOrder(layout, 5, 7, 2);
        Set<Integer> seenBlocks = new HashSet<>();
        int windows = 0;
        for (long from = 0; from < 3001; windows++) {
            int w = o.windowOf(from);
            assertThat(w).isEqualTo(windows);
            long to = from;
            while (to < 3001 && o.windowOf(to) == w) {
                to++;
            }
            BitSet blocks = o.blocksTouched(from, to);
            assertThat(blocks.cardinality()).isEqualTo(w < 4 ? 5 : 4);
            long samples = 0;
            for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
                assertThat(seenBlocks.add(b)).as("block %d in two windows", b).isTrue();
                samples += layout.length(b);
            }
            // The window's positions are exactly its blocks' samples, each once.
            assertThat(to - from).isEqualTo(samples);
            Set<Long> indices = new HashSet<>();
            for (long p = from; p < to; p++) {
                long i = o.indexAt(p);
                assertThat(blocks.get(layout.blockOf(i))).as("position %d reads outside its window", p).isTrue();
                indices.add(i);
            }
            assertThat(indices).hasSize((int) samples);
            from = to;
        }
        assertThat(windows).isEqualTo(5);
        assertThat(seenBlocks).hasSize(24);
    }

    @Test
    void aRangeStraddlingTwoWindowsTouchesBothWindowsBlocks() {
        BlockWindowOrder o = new BlockWindowOrder(new BlockLayout(1000, 100), 2, 1, 1);
        // Windows of two 100-sample blocks: positions [0, 200), [200, 400), ...
        assertThat(o.blocksTouched(0, 200).cardinality()).isEqualTo(2);
        assertThat(o.blocksTouched(0, 201).cardinality()).isEqualTo(4);
        assertThat(o.blocksTouched(150, 250)).isEqualTo(o.blocksTouched(0, 400));
        assertThat(o.blocksTouched(5, 5).isEmpty()).isTrue();
    }

    @Test
    void insideAWindowTheSamplesOfItsBlocksAreMixedNotVisitedBlockByBlock() {
        BlockLayout layout = new BlockLayout(4096, 256);
        BlockWindowOrder o = new BlockWindowOrder(layout, 8, 42, 1);
        // The first 64 positions of window 0 (2048 samples from 8 blocks) come from most of its 8 blocks.
        Set<Integer> blocks = new HashSet<>();
        for (long p = 0; p < 64; p++) {
            blocks.add(layout.blockOf(o.indexAt(p)));
        }
        assertThat(blocks.size()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void dependsOnSeedAndEpochOnlyAndSurvivesSerialization() throws Exception {
        BlockLayout layout = new BlockLayout(5000, 300);
        long[] base = order(new BlockWindowOrder(layout, 4, 42, 1));
        assertThat(order(new BlockWindowOrder(layout, 4, 42, 1))).isEqualTo(base);
        assertThat(order(new BlockWindowOrder(layout, 4, 43, 1))).isNotEqualTo(base);
        assertThat(order(new BlockWindowOrder(layout, 4, 42, 2))).isNotEqualTo(base);
        // What a task gets: the tables are rebuilt from the five defining numbers.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new BlockWindowOrder(layout, 4, 42, 1));
        }
        assertThat(bytes.size()).isLessThan(600);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(order((IndexOrder) in.readObject())).isEqualTo(base);
        }
    }

    @Test
    void oneWindowHoldingEveryBlockIsAFullShuffle() {
        BlockLayout layout = new BlockLayout(1000, 100);
        BlockWindowOrder o = new BlockWindowOrder(layout, 10, 42, 1);
        assertThat(o.blocksTouched(0, 1).cardinality()).isEqualTo(10);
        // Not the identity, nor block-wise: neighbours in the order are rarely neighbours in the data.
        int adjacent = 0;
        for (long p = 1; p < 1000; p++) {
            adjacent += Math.abs(o.indexAt(p) - o.indexAt(p - 1)) == 1 ? 1 : 0;
        }
        assertThat(adjacent).isLessThan(20);
    }

    @Test
    void badArgumentsFailWithTheirValues() {
        assertThatThrownBy(() -> new BlockWindowOrder(new BlockLayout(10, 3), 0, 1, 1))
                .hasMessage("window must be at least 1 block, got 0");
        assertThatThrownBy(() -> new BlockLayout(10, 0))
                .hasMessage("need samples >= 0 and blockSize >= 1, got 10 and 0");
        assertThatThrownBy(() -> new BlockWindowOrder(new BlockLayout(10, 3), 2, 1, 1).indexAt(10))
                .hasMessage("position 10 is outside 0..9");
    }
}
