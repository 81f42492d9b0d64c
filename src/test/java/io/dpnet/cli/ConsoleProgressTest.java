package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.train.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress in log files (not a terminal): summary lines, plus a plain line per interval of a long epoch. */
class ConsoleProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();
    private final ConsoleProgress progress = new ConsoleProgress(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get);

    @Test
    void aShortEpochPrintsOnlyItsSummaryLine() {
        for (int step = 1; step <= 59; step++) {
            now.addAndGet(SECOND / 10); // 5.9 s in all: under the interval
            progress.onStep(1, step, 59, step * 1024L, 60_000, 0.5, 0.9, step / 10.0);
        }
        progress.onEpoch(metrics(1));
        assertThat(lines()).containsExactly(
                "epoch 1/2 | train loss 0.4000 | train acc 90.00% | 10,000 samples/s | 6.0s (total 6.0s)");
    }

    @Test
    void aLongEpochPrintsOnePlainLineEveryIntervalWithoutCarriageReturns() {
        long steps = 1000;
        for (long step = 1; step <= steps; step++) {
            now.addAndGet(SECOND / 10); // 100 s per epoch: lines after 30, 60 and 90 s
            progress.onStep(1, step, steps, step * 100, steps * 100, 0.25, 0.75, step / 10.0);
        }
        progress.onEpoch(metrics(1));
        assertThat(lines()).hasSize(4);
        assertThat(lines()[0]).isEqualTo(
                "epoch 1 [######..............]  30% | loss 0.2500 | acc 75.00% | 1,000 samples/s | ETA 1m10s");
        assertThat(lines()[1]).startsWith("epoch 1 [############........]  60% |");
        assertThat(lines()[2]).startsWith("epoch 1 [##################..]  90% |");
        assertThat(lines()[3]).startsWith("epoch 1/2 | train loss");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void theIntervalRestartsWithEveryEpoch() {
        progress.onStep(1, 1, 10, 100, 1000, 0.5, 0.5, 0);
        now.addAndGet(29 * SECOND);
        progress.onEpoch(metrics(1));
        now.addAndGet(2 * SECOND); // 31 s after epoch 1's first step, 2 s into epoch 2
        progress.onStep(2, 1, 10, 100, 1000, 0.5, 0.5, 2);
        progress.onStep(2, 2, 10, 200, 1000, 0.5, 0.5, 2);
        assertThat(lines()).hasSize(1);
        now.addAndGet(30 * SECOND);
        progress.onStep(2, 3, 10, 300, 1000, 0.5, 0.5, 32);
        assertThat(lines()).hasSize(2);
        assertThat(lines()[1]).startsWith("epoch 2 [######..............]  30% |");
    }

    private String[] lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? new String[0] : text.split("\n");
    }

    private static EpochMetrics metrics(int epoch) {
        return new EpochMetrics(epoch, 2, 59, 0.4, 0.9, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 10_000,
                6.0, 6.0, 0.01, 1.0);
    }
}
