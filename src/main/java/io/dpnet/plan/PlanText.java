package io.dpnet.plan;

import java.util.Locale;

/** The plan as the console shows it: the constants with their spread, the step here, the table. */
public final class PlanText {
    private PlanText() {
    }

    /** A real-steps math line: what the engine's slowest task took per step, and its factor over the probe. */
    private static void stepMath(StringBuilder sb, String engine, StepMath m, double factor, MathCost probe) {
        if (m == null) {
            return;
        }
        line(sb, "  math in real steps  %s: %s per step at batch %,d on %s (slowest task) = x%.2f the "
                        + "probe's %.2f ms", engine, ms(m.slowestTaskSeconds()), m.batch(), partitions(m.partitions()), factor,
                probe.secondsFor(CostModel.largestShare(m.batch(), m.partitions())) * 1e3);
    }

    public static String format(PlanReport r) {
        StringBuilder sb = new StringBuilder();
        CostConstants c = r.constants();
        SparkCosts s = c.spark();
        ComputeCosts cc = c.compute();
        Workload w = r.workload();
        line(sb, "plan: constants measured on %s, load average %.2f (Spark jobs and math: mean, the rest: median; [p10-p90])", c.where().describe(),
                c.where().loadAverage());
        line(sb, "  job fixed cost      %s + %s per task + %s per extra wave", ms(s.jobBase()), ms(s.jobPerTask()), ms(s.jobPerWave()));
        line(sb, "  real step's own job %s beyond the bare job (real steps at a tiny batch, math taken out)",
                signedMs(s.realStepExtra()));
        line(sb, "  broadcast           %s per MB of weights", perMb(s.broadcastPerByte()));
        line(sb, "  task results        %s per MB once + %s per MB per result at the driver",
                perMb(s.resultPerByteOnce()), perMb(s.resultPerBytePerResult()));
        line(sb, "  treeAggregate level %s + shuffle write %s per MB", ms(s.treeLevel()), perMb(s.shufflePerByte()));
        line(sb, "  Kryo deserialize    %s per MB (executor JVMs only)", perMb(s.deserializePerByte()));
        line(sb, "  gather              %s per batch position + %s per row", ns(cc.gatherPerPosition()),
                ns(cc.gatherPerRow()));
        StringBuilder math = new StringBuilder();
        for (int i = 0; i < cc.math().chunkRows().length; i++) {
            math.append(i == 0 ? "" : ", ").append(cc.math().chunkRows()[i]).append(": ")
                    .append(us(cc.math().perSample()[i]));
        }
        line(sb, "  math per sample     by rows per pass: %s (every task slot at once; %s)", math,
                cc.mathWeights());
        stepMath(sb, "one job per step", cc.jobsStepMath(), cc.jobsMathFactor(), cc.math());
        if (cc.jobsStepMath() != null) {
            line(sb, "                      %s per step at batch %,d on %s beyond the model's other terms (the same "
                            + "steps, epoch-long blocks, beside their math: training's own job and update)",
                    signedMs(s.atBatchExtra()), cc.jobsStepMath().batch(), partitions(cc.jobsStepMath().partitions()));
        }
        stepMath(sb, "resident", cc.residentStepMath(), cc.residentMathFactor(), cc.math());
        line(sb, "  driver update       %s per parameter (%.2f ms for %,d)", ns(cc.driverPerParam()),
                cc.driverPerParam().value() * w.params() * 1e3, w.params());
        if (r.resident() != null) {
            ResidentText.constants(sb, r.resident(), w);
        }
        PlanReport.Here h = r.here();
        line(sb, "here: %s, treeDepth %d: predicted %s; epoch of %,d steps %.2f s", partitions(h.settings().partitions()),
                h.settings().treeDepth(), breakdown(h.step()), w.stepsPerEpoch(), h.epochSeconds());
        if (r.resident() != null) {
            ResidentText.here(sb, r.resident(), w);
        }
        if (r.validation() != null) {
            PlanReport.Validation v = r.validation();
            line(sb, "validation: %s (%s): measured %.1f ms per step, predicted %.1f ms (%s), predicted/measured %.2f",
                    v.run(), v.epochs(), v.measuredStepSeconds() * 1e3, v.predictedStepSeconds() * 1e3,
                    r.residentHere() ? "resident" : "one job per step", v.ratio());
            // The run records its critical-path math per step: split the comparison where the model splits it.
            double predictedMath = r.stepRunHere().math();
            line(sb, "  critical-path math: measured %.1f ms (forward/backward), predicted %.1f ms (with the "
                    + "gather); the rest: measured %.1f ms, predicted %.1f ms", v.measuredMathSeconds() * 1e3,
                    predictedMath * 1e3, (v.measuredStepSeconds() - v.measuredMathSeconds()) * 1e3,
                    (v.predictedStepSeconds() - predictedMath) * 1e3);
        }
        ClusterSpec net = r.network();
        if (r.resident() != null) {
            sb.append('\n');
            ResidentText.table(sb, r.resident(), net, w);
        }
        sb.append('\n');
        line(sb, "plan for N executors x %d core%s on %.3g Gb/s, %.3g ms latency (%s: %,d parameters, batch %,d, "
                + "%,d samples = %,d steps per epoch; synchronous, batch kept)", net.cores(), net.cores() == 1 ? "" : "s",
                net.bandwidthBytesPerSecond() * 8 / 1e9, net.latencySeconds() * 1e3, r.conf(), w.params(),
                w.batchSize(), w.samples(), w.stepsPerEpoch());
        line(sb, "%5s %5s %3s | %7s %7s %7s %7s %7s | %8s | %9s | %10s | %5s || %-22s | %s", "N", "P", "d", "fixed",
                "bcast", "math", "result", "driver", "step ms", "epoch s", "samples/s", "eff.",
                "choice: P, d, step ms, eff.", "opt-in local SGD (changes the result)");
        for (PlanRow row : r.rows()) {
            StepCost st = row.step();
            PlanRow.Choice ch = row.choice();
            String choice = String.format(Locale.ROOT, "%d, %d, %.1f, %.2f", ch.settings().partitions(),
                    ch.settings().treeDepth(), ch.step().total() * 1e3, ch.efficiency());
            String local = row.localSgd() == null ? "-" : String.format(Locale.ROOT, "k=%d: %.2f s/epoch; %s",
                    row.localSgd().localSteps(), row.localSgd().epochSeconds(), row.localSgd().caveat());
            line(sb, "%5d %5d %3d | %7.2f %7.2f %7.2f %7.2f %7.2f | %8.2f | %9.2f | %,10.0f | %5.2f || %-22s | %s",
                    row.cluster().executors(), row.settings().partitions(), row.settings().treeDepth(),
                    st.fixed() * 1e3, st.broadcast() * 1e3, st.math() * 1e3, st.result() * 1e3, st.driver() * 1e3,
                    st.total() * 1e3, row.epochSeconds(), row.samplesPerSecond(), row.efficiency(), choice, local);
        }
        return sb.toString();
    }

    static String breakdown(StepCost s) {
        return String.format(Locale.ROOT, "%.1f ms = fixed %.1f + broadcast %.1f + math %.1f + result %.1f + driver %.1f",
                s.total() * 1e3, s.fixed() * 1e3, s.broadcast() * 1e3, s.math() * 1e3, s.result() * 1e3,
                s.driver() * 1e3);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String ms(Measured m) {
        return String.format(Locale.ROOT, "%.2f ms [%.2f-%.2f]", m.value() * 1e3, m.low() * 1e3, m.high() * 1e3);
    }

    /** "1 partition", "2 partitions". */
    static String partitions(int p) {
        return p + (p == 1 ? " partition" : " partitions");
    }

    /** A correction that may be negative; exactly zero in all three figures means it was not measured. */
    static String signedMs(Measured m) {
        if (m.value() == 0 && m.low() == 0 && m.high() == 0) {
            return "not measured (no training files):";
        }
        return String.format(Locale.ROOT, "%+.2f ms [%+.2f to %+.2f]", m.value() * 1e3, m.low() * 1e3, m.high() * 1e3);
    }

    static String perMb(Measured m) {
        return String.format(Locale.ROOT, "%.2f ms [%.2f-%.2f]", m.value() * 1e9, m.low() * 1e9, m.high() * 1e9);
    }

    private static String ns(Measured m) {
        return String.format(Locale.ROOT, "%.1f ns [%.1f-%.1f]", m.value() * 1e9, m.low() * 1e9, m.high() * 1e9);
    }

    private static String us(Measured m) {
        return String.format(Locale.ROOT, "%.2f us [%.2f-%.2f]", m.value() * 1e6, m.low() * 1e6, m.high() * 1e6);
    }
}
