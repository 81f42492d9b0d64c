package io.dpnet.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The plan as JSON ({@code --json OUT}): times in milliseconds ({@code ...Ms}) or seconds
 * ({@code ...Seconds}), constants in SI units with their spread, so a script can compare runs.
 */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    public static String write(PlanReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("conf", r.conf());
        Workload w = r.workload();
        ObjectNode work = root.putObject("workload");
        work.put("params", w.params());
        work.put("batchSize", w.batchSize());
        work.put("samples", w.samples());
        work.put("stepsPerEpoch", w.stepsPerEpoch());
        work.put("treeDepth", w.treeDepth());
        root.set("measured", constants(r.constants()));
        ObjectNode here = root.putObject("here");
        here.put("partitions", r.here().settings().partitions());
        here.put("treeDepth", r.here().settings().treeDepth());
        here.set("step", step(r.here().step()));
        here.put("epochSeconds", r.here().epochSeconds());
        ObjectNode net = root.putObject("network");
        net.put("gbps", r.network().bandwidthBytesPerSecond() * 8 / 1e9);
        net.put("latencyMs", r.network().latencySeconds() * 1e3);
        net.put("coresPerExecutor", r.network().cores());
        ArrayNode rows = root.putArray("rows");
        for (PlanRow row : r.rows()) {
            ObjectNode o = rows.addObject();
            o.put("executors", row.cluster().executors());
            o.put("cores", row.cluster().cores());
            o.put("partitions", row.settings().partitions());
            o.put("treeDepth", row.settings().treeDepth());
            o.set("step", step(row.step()));
            o.put("epochSeconds", row.epochSeconds());
            o.put("samplesPerSecond", row.samplesPerSecond());
            o.put("efficiency", row.efficiency());
            ObjectNode choice = o.putObject("choice");
            choice.put("partitions", row.choice().settings().partitions());
            choice.put("treeDepth", row.choice().settings().treeDepth());
            choice.put("batchSize", w.batchSize());
            choice.put("sync", "sync");
            choice.set("step", step(row.choice().step()));
            choice.put("epochSeconds", row.choice().epochSeconds());
            choice.put("efficiency", row.choice().efficiency());
            if (row.localSgd() == null) {
                o.putNull("localSgdOptIn");
            } else {
                ObjectNode l = o.putObject("localSgdOptIn");
                l.put("localSteps", row.localSgd().localSteps());
                l.put("epochSeconds", row.localSgd().epochSeconds());
                l.put("caveat", row.localSgd().caveat());
            }
        }
        if (r.resident() != null) {
            ResidentJson.write(root, r.resident());
        }
        if (r.validation() == null) {
            root.putNull("validation");
        } else {
            PlanReport.Validation v = r.validation();
            ObjectNode o = root.putObject("validation");
            o.put("run", v.run());
            o.put("epochs", v.epochs());
            o.put("predictedStepMs", v.predictedStepSeconds() * 1e3);
            o.put("measuredStepMs", v.measuredStepSeconds() * 1e3);
            o.put("measuredMathMs", v.measuredMathSeconds() * 1e3);
            o.put("ratio", v.ratio());
            o.put("engine", r.resident() == null ? ResidentPlan.JOBS : r.resident().hereEngine());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write the plan as JSON", e);
        }
    }

    static ObjectNode step(StepCost s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("fixedMs", s.fixed() * 1e3);
        o.put("broadcastMs", s.broadcast() * 1e3);
        o.put("mathMs", s.math() * 1e3);
        o.put("resultMs", s.result() * 1e3);
        o.put("driverMs", s.driver() * 1e3);
        o.put("totalMs", s.total() * 1e3);
        return o;
    }

    private static ObjectNode constants(CostConstants c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("master", c.where().master());
        o.put("inProcess", c.where().inProcess());
        o.put("slots", c.where().slots());
        o.put("executors", c.where().executors());
        o.put("loadAverage", c.where().loadAverage());
        ObjectNode k = o.putObject("constants");
        SparkCosts s = c.spark();
        put(k, "jobBaseSeconds", s.jobBase());
        put(k, "jobPerTaskSeconds", s.jobPerTask());
        put(k, "jobPerWaveSeconds", s.jobPerWave());
        put(k, "broadcastSecondsPerByte", s.broadcastPerByte());
        put(k, "resultSecondsPerByteOnce", s.resultPerByteOnce());
        put(k, "resultSecondsPerBytePerResult", s.resultPerBytePerResult());
        put(k, "treeLevelSeconds", s.treeLevel());
        put(k, "shuffleSecondsPerByte", s.shufflePerByte());
        put(k, "deserializeSecondsPerByte", s.deserializePerByte());
        put(k, "realStepExtraSeconds", s.realStepExtra());
        put(k, "atBatchExtraSeconds", s.atBatchExtra());
        ComputeCosts cc = c.compute();
        put(k, "gatherSecondsPerPosition", cc.gatherPerPosition());
        put(k, "gatherSecondsPerRow", cc.gatherPerRow());
        put(k, "driverSecondsPerParam", cc.driverPerParam());
        stepMath(k, "jobsStepMath", cc.jobsStepMath(), cc.jobsMathFactor());
        stepMath(k, "residentStepMath", cc.residentStepMath(), cc.residentMathFactor());
        o.put("mathWeights", cc.mathWeights());
        ArrayNode math = o.putArray("mathSecondsPerSample");
        for (int i = 0; i < cc.math().chunkRows().length; i++) {
            ObjectNode m = math.addObject();
            m.put("chunkRows", cc.math().chunkRows()[i]);
            m.put("value", cc.math().perSample()[i].value());
            m.put("low", cc.math().perSample()[i].low());
            m.put("high", cc.math().perSample()[i].high());
        }
        return o;
    }

    private static void stepMath(ObjectNode o, String name, StepMath m, double factor) {
        if (m == null) {
            return;
        }
        ObjectNode v = o.putObject(name);
        put(v, "slowestTaskSeconds", m.slowestTaskSeconds());
        v.put("partitions", m.partitions());
        v.put("batch", m.batch());
        v.put("factorOverProbe", factor);
    }

    static void put(ObjectNode o, String name, Measured m) {
        ObjectNode v = o.putObject(name);
        v.put("value", m.value());
        v.put("low", m.low());
        v.put("high", m.high());
    }
}
