package io.dpnet.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The resident engine's part of the plan's JSON ({@code "resident"}), in {@link PlanJson}'s units. */
final class ResidentJson {
    private ResidentJson() {
    }

    static void write(ObjectNode root, ResidentPlan r) {
        ObjectNode o = root.putObject("resident");
        if (r.whyNot() == null) {
            o.putNull("whyNot");
        } else {
            o.put("whyNot", r.whyNot());
        }
        o.put("configuredEngine", r.configuredEngine());
        o.put("hereEngine", r.hereEngine());
        o.set("hereCosts", costs(o, r.here()));
        o.set("clusterCosts", costs(o, r.cluster()));
        ObjectNode here = o.putObject("here");
        here.put("partitions", r.herePartitions());
        here.set("step", PlanJson.step(r.hereStep()));
        here.put("epochSeconds", r.hereEpochSeconds());
        ArrayNode rows = o.putArray("rows");
        for (ResidentPlan.Row row : r.rows()) {
            ObjectNode j = rows.addObject();
            j.put("executors", row.cluster().executors());
            j.put("cores", row.cluster().cores());
            j.put("engine", row.engine());
            j.put("partitions", row.partitions());
            j.set("residentStep", PlanJson.step(row.step()));
            j.put("residentEpochSeconds", row.epochSeconds());
            j.set("configured", option(j, row.configured()));
            j.put("efficiency", row.efficiency());
            j.set("bestResident", option(j, row.bestResident()));
            j.set("jobs", option(j, row.jobs()));
            j.set("fastest", option(j, row.fastest().option()));
            j.put("jobsBeatResident", row.fastest().jobsBeatResident());
        }
    }

    private static ObjectNode costs(ObjectNode parent, ResidentCosts c) {
        ObjectNode o = parent.objectNode();
        o.put("transport", c.transport());
        o.put("inProcess", c.inProcess());
        o.put("fitted", c.fitted());
        PlanJson.put(o, "stepFixedSeconds", c.stepFixed());
        PlanJson.put(o, "perPartitionSecondsPerParam", c.perPartitionPerParam());
        PlanJson.put(o, "jobStartSeconds", c.jobStart());
        o.put("jobStartPartitions", c.partitions());
        PlanJson.put(o, "messageSerializeSecondsPerByte", c.messageSerializePerByte());
        PlanJson.put(o, "atBatchExtraSeconds", c.atBatchExtra());
        return o;
    }

    private static ObjectNode option(ObjectNode parent, ResidentPlan.Option opt) {
        ObjectNode o = parent.objectNode();
        o.put("engine", opt.engine());
        o.put("partitions", opt.partitions());
        if (opt.engine().equals(ResidentPlan.JOBS)) {
            o.put("treeDepth", opt.treeDepth());
        }
        o.set("step", PlanJson.step(opt.step()));
        o.put("epochSeconds", opt.epochSeconds());
        return o;
    }
}
