package io.dpnet.plan;

import java.util.Locale;

/**
 * The resident engine's part of the console plan: its measured exchange, the step the
 * configuration runs here, and the table of what it runs on N executors next to one Spark job per
 * step. Called by {@link PlanText}.
 */
public final class ResidentText {
    private ResidentText() {
    }

    /** The measured exchange constants (one or two transports). */
    static void constants(StringBuilder sb, ResidentPlan r, Workload w) {
        exchange(sb, r, "resident exchange  ", r.here(), w);
        if (r.cluster() != r.here()) {
            exchange(sb, r, "  for the table    ", r.cluster(), w);
        }
    }

    private static void exchange(StringBuilder sb, ResidentPlan r, String label, ResidentCosts c, Workload w) {
        line(sb, "  %s %s: %s per step + %s per parameter per partition (%.3f ms per partition for %,d; %s)",
                label, c.transport() + (c.inProcess() ? " in the driver JVM" : ""), PlanText.ms(c.stepFixed()),
                ns(c.perPartitionPerParam()), c.perPartitionPerParam().value() * w.params() * 1e3, w.params(),
                c.fitted() ? "fitted from real resident steps on 1 and on every slot's partition"
                        : "one slot: the driver's per-partition work timed alone");
        if (c.atBatchExtra().value() != 0 || c.atBatchExtra().low() != c.atBatchExtra().high()) {
            line(sb, "                     %s per step at batch %,d on %s beyond that, the gather and the update "
                    + "(real resident steps at the configured batch: caches the math evicted, threads meeting)",
                    PlanText.signedMs(c.atBatchExtra()), w.batchSize(), PlanText.partitions(c.partitions()));
        }
        if (c != r.here() && c.inProcess()) {
            line(sb, "                     + Spark's Java serialization of the messages %s per MB (executor JVMs only, "
                    + "skipped in one JVM)", PlanText.perMb(c.messageSerializePerByte()));
        }
    }

    /** The step the configuration runs in the measured mode. */
    static void here(StringBuilder sb, ResidentPlan r, Workload w) {
        if (r.whyNot() != null) {
            line(sb, "here: the resident engine does not apply (%s): sync.engine=%s runs one Spark job per step",
                    r.whyNot(), r.configuredEngine());
        }
        line(sb, "here: sync.engine=%s runs %s; resident on %s predicted %s; epoch %.2f s (with its "
                        + "barrier job)", r.configuredEngine(), r.residentHere()
                        ? "the resident engine (one barrier job per epoch)" : "one Spark job per step",
                PlanText.partitions(r.herePartitions()), breakdown(r.hereStep()), r.hereEpochSeconds());
    }

    /** The table: per N the engine the configuration runs, its step, and the job-per-step alternative. */
    static void table(StringBuilder sb, ResidentPlan r, ClusterSpec net, Workload w) {
        line(sb, "what sync.engine=%s runs for N executors x %d core%s on %.3g Gb/s, %.3g ms latency "
                        + "(resident: every task asks the driver once per step; its link carries P x %,d bytes of "
                        + "weights out and P x %,d bytes of sums in)", r.configuredEngine(), net.cores(),
                net.cores() == 1 ? "" : "s", net.bandwidthBytesPerSecond() * 8 / 1e9, net.latencySeconds() * 1e3,
                (long) w.broadcastBytes(), (long) w.resultBytes());
        line(sb, "%5s %5s %-8s | %7s %7s %7s %7s %7s | %8s | %9s | %10s | %5s || %-20s | %s", "N", "P", "engine",
                "fixed", "out", "math", "in", "driver", "step ms", "epoch s", "samples/s", "eff.",
                "jobs: P, d, step ms", "fastest (neither changes the weights)");
        for (ResidentPlan.Row row : r.rows()) {
            // The step and epoch of the engine the configuration runs; the breakdown is the resident step's.
            StepCost st = row.step();
            double stepMs = row.configured().step().total() * 1e3;
            double epoch = row.configured().epochSeconds();
            ResidentPlan.Option jobs = row.jobs();
            String jobsText = String.format(Locale.ROOT, "%d, %d, %.1f", jobs.partitions(), jobs.treeDepth(),
                    jobs.step().total() * 1e3);
            ResidentPlan.Fastest f = row.fastest();
            String fastest = String.format(Locale.ROOT, "%s: %.2f s/epoch", f.option().describe(),
                    f.option().epochSeconds());
            if (f.jobsBeatResident()) {
                fastest += String.format(Locale.ROOT, " (set sync.engine=jobs: %.0f%% faster than resident %s)",
                        100 * (1 - f.option().epochSeconds() / row.bestResident().epochSeconds()),
                        "P=" + row.bestResident().partitions());
            }
            line(sb, "%5d %5d %-8s | %7.2f %7.2f %7.2f %7.2f %7.2f | %8.2f | %9.2f | %,10.0f | %5.2f || %-20s | %s",
                    row.cluster().executors(), row.partitions(), row.engine(), st.fixed() * 1e3, st.broadcast() * 1e3,
                    st.math() * 1e3, st.result() * 1e3, st.driver() * 1e3, stepMs, epoch, w.samples() / epoch,
                    row.efficiency(), jobsText, fastest);
        }
    }

    private static String ns(Measured m) {
        return String.format(Locale.ROOT, "%.3f ns [%.3f-%.3f]", m.value() * 1e9, m.low() * 1e9, m.high() * 1e9);
    }

    static String breakdown(StepCost s) {
        return String.format(Locale.ROOT, "%.1f ms = fixed %.1f + out %.1f + math %.1f + in %.1f + driver %.1f",
                s.total() * 1e3, s.fixed() * 1e3, s.broadcast() * 1e3, s.math() * 1e3, s.result() * 1e3,
                s.driver() * 1e3);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
