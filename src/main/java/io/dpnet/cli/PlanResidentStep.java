package io.dpnet.cli;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.plan.MathProbe;
import io.dpnet.plan.Measured;
import io.dpnet.plan.ResidentCosts;
import io.dpnet.plan.StepMath;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.spark.train.ResidentStepTimer;
import io.dpnet.train.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The plan's calibration of the resident engine: real resident steps ({@code sync.engine=resident}:
 * one barrier job, the exchange, the merge, the configured optimizer's update) at a batch of 8
 * samples per partition on the real cached training shards, on 1 partition and on one per slot,
 * interleaved in rounds. Per round, a step's time beside its slowest task's math, minus the
 * driver's update (measured apart), is fitted as {@code fixed + perPartition·P}; the rounds are
 * summarized by their mean (an epoch pays the mean step). In the same rounds, real steps at the
 * configured batch on every slot, in epoch-long blocks, measure the math as resident steps pay it
 * ({@link StepMath}) and what such steps cost beside it ({@link Result#besideMathAtBatch}).
 *
 * <p>In local mode it times both transports: in memory (what local mode runs: the plan's "here")
 * and Spark RPC in the driver's JVM (what a cluster runs, for the table; Spark hands local RPC
 * messages over without serializing them, which the model adds for executor JVMs). On a cluster
 * it times the RPC transport between the driver and the executors.
 */
final class PlanResidentStep {
    private static final int ROWS_PER_PARTITION = 8;
    private static final int WARMUP_ROUNDS = 1;
    private static final int ROUNDS = 8;
    private static final int STEPS_PER_BLOCK = 20;

    private PlanResidentStep() {
    }

    /**
     * The measured transports (here: the mode's own; cluster: Spark RPC) and the math of real
     * steps at the configured batch, or why nothing was measured.
     */
    /**
     * @param besideMathAtBatch seconds per real resident step at the configured batch on every slot
     *     beside its slowest task's forward/backward: the mean of the rounds' epoch-long blocks (an
     *     epoch pays its slow stretches too)
     */
    record Result(ResidentCosts here, ResidentCosts cluster, StepMath stepMath, Measured besideMathAtBatch,
                  String whyNot) {
        static Result not(String why) {
            return new Result(null, null, null, null, why);
        }
    }

    /**
     * What a calibration runs on: the context (its task slots are the larger partition count timed;
     * local or a cluster), the configuration, and the weights the math is measured at.
     */
    record Request(JavaSparkContext sc, Configuration hadoop, TrainConfig config, MathProbe.Weights weights) {
        int slots() {
            return sc.defaultParallelism();
        }

        boolean local() {
            return sc.master().startsWith("local");
        }
    }

    /** @param driverPerParam the driver's update per parameter, taken out of every step */
    static Result measure(Request request, Measured driverPerParam, Consumer<String> progress) {
        JavaSparkContext sc = request.sc();
        TrainConfig config = request.config();
        int slots = request.slots();
        boolean local = request.local();
        PlanTrainingSet training = PlanTrainingSet.open(request.hadoop(), config);
        if (training.set() == null) {
            return Result.not(training.whyNot());
        }
        IdxDataset set = training.set();
        List<ShardedData> loaded = new ArrayList<>();
        try {
            ShardedData one = ShardedData.load(sc, set, 1, "plan-resident-1");
            loaded.add(one);
            ShardedData all = one;
            if (slots > 1) {
                all = ShardedData.load(sc, set, slots, "plan-resident-" + slots);
                loaded.add(all);
            }
            TrainingPlan planOne = plan(config, 1);
            TrainingPlan planAll = plan(config, slots);
            List<ResidentStepTimer.Setup> setups = new ArrayList<>();
            // Indices: [0] 1 partition, [1] every slot (when more than one); RPC after in-memory in local mode.
            List<Boolean> transports = local ? List.of(false, true) : List.of(true);
            for (boolean rpc : transports) {
                setups.add(new ResidentStepTimer.Setup(one, planOne, rpc));
                if (slots > 1) {
                    setups.add(new ResidentStepTimer.Setup(all, planAll, rpc));
                }
            }
            // Last: the configured batch on every slot over the mode's own transport, for its math (from
            // the probe's weights, so their ratio is the engine's own) and what it costs beside the math.
            // In blocks as long as an epoch: a 2-JVM cluster's exchange has slow stretches of 20-30 steps
            // (measured: 22-34 ms beside the math where it is 8-10 ms), which an epoch pays in its mean.
            int atBatch = setups.size();
            TrainingPlan configured = config.with("sync.engine=resident", "sync.pipeline=false").plan();
            setups.add(new ResidentStepTimer.Setup(all, configured, !local, request.weights().params(),
                    ResidentStepTimer.epochBlock(set.count(), configured)));
            progress.accept(String.format(Locale.ROOT, "resident steps: %d rounds of %d steps on 1%s partition%s "
                            + "(%s), and of %d at batch %,d on %d (its math and exchange)...", ROUNDS, STEPS_PER_BLOCK,
                    slots > 1 ? " and " + slots : "", slots > 1 ? "s" : "",
                    local ? "in memory and over Spark RPC" : "over Spark RPC", setups.get(atBatch).blockSteps(),
                    config.batchSize(), slots));
            long t0 = System.nanoTime();
            ResidentStepTimer.Timings t = ResidentStepTimer.time(sc, setups, WARMUP_ROUNDS, ROUNDS, STEPS_PER_BLOCK);
            progress.accept(String.format(Locale.ROOT, "resident steps: done (%.1f s)", (System.nanoTime() - t0) / 1e9));
            int perTransport = slots > 1 ? 2 : 1;
            int params = config.modelSpec().paramCount();
            double update = driverPerParam.value() * params;
            Measured serialize = messageSerializePerByte(sc, params);
            ResidentCosts first = fit(t, 0, slots, params, update, local ? "in memory" : "Spark RPC", local, !local,
                    serialize);
            ResidentCosts rpc = local ? fit(t, perTransport, slots, params, update, "Spark RPC", true, true, serialize)
                    : first;
            StepMath math = new StepMath(Measured.of(t.math()[atBatch]), slots, config.batchSize());
            return new Result(first, rpc, math, Measured.meanOf(t.beside()[atBatch]), null);
        } finally {
            loaded.forEach(ShardedData::release);
        }
    }

    /** The configuration at a tiny batch (math ≈ 0), on the resident engine. */
    private static TrainingPlan plan(TrainConfig config, int partitions) {
        return config.with("batchSize=" + ROWS_PER_PARTITION * partitions, "sync.engine=resident",
                "sync.pipeline=false").plan();
    }

    /**
     * Fits one transport: setups {@code at} (1 partition) and {@code at + 1} (every slot). On one
     * slot the per-partition cost is the driver's own work timed alone.
     */
    private static ResidentCosts fit(ResidentStepTimer.Timings t, int at, int slots, int params, double update,
                                     String transport, boolean inProcess, boolean overRpc, Measured serialize) {
        int rounds = t.beside()[at].length;
        double[] fixed = new double[rounds];
        double[] perParam = new double[rounds];
        boolean fitted = slots > 1;
        double alone = fitted ? 0 : Measured.of(ResidentStepTimer.driverPerPartitionSeconds(params, overRpc, 50))
                .value();
        for (int r = 0; r < rounds; r++) {
            double y1 = t.beside()[at][r] - update;
            double slope = fitted ? (t.beside()[at + 1][r] - update - y1) / (slots - 1) : alone;
            fixed[r] = y1 - slope;
            perParam[r] = slope / params;
        }
        Measured jobStart = Measured.meanOf(t.jobStart()[fitted ? at + 1 : at]);
        return new ResidentCosts(Measured.meanOf(fixed), Measured.meanOf(perParam), transport, fitted, inProcess,
                jobStart, slots, serialize);
    }

    /**
     * What Spark's RPC does to a message between JVMs and skips inside one: Java serialization and
     * deserialization of a {@code byte[]} of a step's 12 bytes per parameter, per byte, timed alone.
     */
    private static Measured messageSerializePerByte(JavaSparkContext sc, int params) {
        SerializerInstance java = new JavaSerializer(sc.getConf()).newInstance();
        ClassTag<byte[]> tag = ClassTag$.MODULE$.apply(byte[].class);
        byte[] message = new byte[12 * params];
        new java.util.Random(params).nextBytes(message);
        double[] t = new double[20];
        for (int i = -5; i < t.length; i++) {
            long t0 = System.nanoTime();
            byte[] back = java.deserialize(java.serialize(message, tag), tag);
            if (back.length != message.length) {
                throw new IllegalStateException("Java serialization changed a message's length");
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9 / message.length;
            }
        }
        return Measured.of(t);
    }
}
