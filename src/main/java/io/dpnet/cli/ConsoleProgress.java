package io.dpnet.cli;

import io.dpnet.train.EpochMetrics;
import io.dpnet.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress: on a terminal, one line per epoch that updates in place (%, samples/s,
 * ETA, running loss and accuracy) and is then replaced by the epoch's summary; elsewhere (logs,
 * CI) the summary lines plus, during an epoch that runs longer than {@link #LOG_EVERY_NANOS}, one
 * plain progress line per interval: log files do not fill with carriage returns, and a 15-minute
 * out-of-core epoch does not look like a hung job.
 */
final class ConsoleProgress implements TrainingListener {
    /** Redraw at most this often: a 469-step epoch must not print 469 lines' worth of output. */
    private static final long REDRAW_NANOS = 200_000_000L;
    /** In logs, a mid-epoch line at most this often (MNIST's seconds-long epochs print none). */
    static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private long lastDraw;
    private long lastLogged = Long.MIN_VALUE;
    private int drawnWidth;

    ConsoleProgress(PrintStream out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    ConsoleProgress(PrintStream out, boolean interactive, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    @Override
    public void onStep(int epoch, long step, long stepsInEpoch, long samplesDone, long samplesInEpoch,
                       double runningLoss, double runningAccuracy, double epochSeconds) {
        long now = clock.getAsLong();
        if (!interactive) {
            if (lastLogged == Long.MIN_VALUE) {
                lastLogged = now; // the interval counts from the epoch's first step
            } else if (step != stepsInEpoch && now - lastLogged >= LOG_EVERY_NANOS) {
                lastLogged = now;
                out.println(progress(epoch, samplesDone, samplesInEpoch, runningLoss, runningAccuracy, epochSeconds));
                out.flush();
            }
            return;
        }
        if (step != stepsInEpoch && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(progress(epoch, samplesDone, samplesInEpoch, runningLoss, runningAccuracy, epochSeconds));
    }

    private static String progress(int epoch, long samplesDone, long samplesInEpoch, double runningLoss,
                                   double runningAccuracy, double epochSeconds) {
        double fraction = (double) samplesDone / samplesInEpoch;
        double rate = samplesDone / Math.max(epochSeconds, 1e-9);
        double eta = (samplesInEpoch - samplesDone) / Math.max(rate, 1e-9);
        return String.format(Locale.ROOT, "epoch %d %s %3.0f%% | loss %.4f | acc %.2f%% | %,.0f samples/s | ETA %s",
                epoch, bar(fraction), fraction * 100, runningLoss, runningAccuracy * 100, rate, duration(eta));
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        lastLogged = Long.MIN_VALUE;
        String val = m.validated()
                ? String.format(Locale.ROOT, " | val loss %.4f | val acc %.2f%%", m.valLoss(), m.valAccuracy() * 100)
                : "";
        String test = m.evaluated()
                ? String.format(Locale.ROOT, " | test loss %.4f | test acc %.2f%%", m.testLoss(), m.testAccuracy() * 100)
                : "";
        String line = String.format(Locale.ROOT,
                "epoch %d/%d | train loss %.4f | train acc %.2f%%%s%s | %,.0f samples/s | %.1fs (total %.1fs)",
                m.epoch(), m.epochs(), m.trainLoss(), m.trainAccuracy() * 100, val, test, m.samplesPerSecond(),
                m.epochSeconds(), m.elapsedSeconds());
        if (interactive) {
            draw(line);
            out.println();
            drawnWidth = 0;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void draw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawnWidth; i++) {
            sb.append(' ');
        }
        drawnWidth = line.length();
        out.print(sb);
        out.flush();
    }

    private static String bar(double fraction) {
        int width = 20;
        int filled = (int) Math.round(fraction * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
