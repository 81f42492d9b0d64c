package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.config.TrainConfig;
import io.dpnet.data.DataFormat;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.IdxLayout;
import io.dpnet.nn.ModelSpec;
import io.dpnet.plan.ClusterSpec;
import io.dpnet.plan.ComputeCosts;
import io.dpnet.plan.CostConstants;
import io.dpnet.plan.CostModel;
import io.dpnet.plan.MathCost;
import io.dpnet.plan.MathProbe;
import io.dpnet.plan.Measured;
import io.dpnet.plan.PlanJson;
import io.dpnet.plan.PlanReport;
import io.dpnet.plan.PlanText;
import io.dpnet.plan.Planner;
import io.dpnet.plan.ResidentCost;
import io.dpnet.plan.ResidentCosts;
import io.dpnet.plan.ResidentPlan;
import io.dpnet.plan.ResidentPlanner;
import io.dpnet.plan.SparkCosts;
import io.dpnet.plan.StepCost;
import io.dpnet.plan.Where;
import io.dpnet.plan.Workload;
import io.dpnet.run.RunFiles;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.plan.GatherProbe;
import io.dpnet.spark.plan.MathJob;
import io.dpnet.spark.plan.SparkProbe;
import io.dpnet.train.TrainingPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures what a synchronous step costs here (bare Spark jobs and real steps at a",
            "tiny batch in the configuration's master, the network's math in every task slot",
            "and in real steps, the driver's update) and predicts the step, epoch time and",
            "efficiency for 1..N executors on a stated network, with the partitions/treeDepth",
            "it would choose. Both engines: the resident one (sync.engine=auto's default,",
            "timed with real resident steps) and one Spark job per step; it says which runs",
            "where and which is faster. About a minute. See docs/plan.md."})
final class PlanCommand implements Callable<Integer> {
    /** Real one-job-per-step steps at the configured batch: untimed ones, then epoch-long timed blocks. */
    private static final int AT_BATCH_WARMUP = 5;
    private static final int AT_BATCH_ROUNDS = 3;

    @picocli.CommandLine.Mixin
    SparkLogsOption sparkLogs = new SparkLogsOption();

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file (any Hadoop path). Omit for the defaults.")
    String confPath;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one configuration key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--network-gbps", paramLabel = "G", defaultValue = "10",
            description = "The stated network's bandwidth per link, Gb/s. Default: ${DEFAULT-VALUE}.")
    double gbps;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0.2",
            description = "The stated network's latency per message, ms. Default: ${DEFAULT-VALUE}.")
    double latencyMs;

    @Option(names = "--max-executors", paramLabel = "N", defaultValue = "64",
            description = "Largest executor count in the table (1, 2, 4, ... N). Default: ${DEFAULT-VALUE}.")
    int maxExecutors;

    @Option(names = "--cores-per-executor", paramLabel = "C", defaultValue = "1",
            description = "Task slots per executor in the table. Default: ${DEFAULT-VALUE}.")
    int cores;

    @Option(names = "--samples", paramLabel = "N",
            description = "Training samples per epoch (default: the count in the configured IDX training files).")
    Long samples;

    @Option(names = "--reps", paramLabel = "R", defaultValue = "20",
            description = "Timed repetitions of every probe job. Default: ${DEFAULT-VALUE}.")
    int reps;

    @Option(names = "--against", paramLabel = "RUN",
            description = "A run directory of dpnet train with this configuration and master: prints predicted vs "
                    + "its measured ms per step (from its metrics.jsonl: the epochs after the first half, which hold "
                    + "the JIT warm-up).")
    String against;

    @Option(names = "--weights", paramLabel = "MODEL",
            description = "A saved model of this network (a run's model directory) whose weights the math is timed "
                    + "at; a trained network's sparser activations make it cheaper. Default: the run --against names "
                    + "(its model), else the initial weights.")
    String weights;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the plan as JSON to OUT (any Hadoop path).")
    String json;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintStream console = System.out;
        Configuration hadoop = new Configuration();
        TrainConfig config = TrainConfig.of(ConfFile.read(hadoop, confPath), overrides);
        if (config.tabular() != null) {
            throw new ConfigException("plan models the dense synchronous step; tabular and text (block) "
                    + "configurations are not supported");
        }
        List<String> runLines = against == null ? null : metricsLines(hadoop);
        ModelSpec spec = config.modelSpec();
        Workload workload = new Workload(spec.paramCount(), config.batchSize(), trainingSamples(hadoop, config),
                config.treeDepth(), config.optimizerSpec().create(spec.paramCount()).state().slots().size());
        ClusterSpec network = ClusterSpec.of(1, cores, gbps, latencyMs);
        console.printf(Locale.ROOT, "plan: %s, %,d parameters, batch %,d, %,d samples (%,d steps per epoch)%n", spec,
                workload.params(), workload.batchSize(), workload.samples(), workload.stepsPerEpoch());
        if (config.syncMode() != io.dpnet.train.TrainingPlan.SyncMode.SYNC) {
            console.println("plan: the configuration uses local SGD; the plan models the synchronous step");
        }
        double load = loadAverage();
        MathProbe.Rows mathRows = PlanTrainingSet.mathRows(hadoop, config, TrainingPlan.MAX_CHUNK_ROWS);
        MathProbe.Weights mathWeights = mathWeights(hadoop, spec);
        console.println("plan: the math at " + mathWeights.source());
        Measured[] gather = GatherProbe.measure(spec, config.kernel(), config.batchSize());
        Measured driver = MathProbe.driverUpdate(config);
        ComputeCosts compute;
        SparkCosts spark;
        Where where;
        PlanResidentStep.Result resident;
        String residentWhyNot;
        PlanRealStep.AtBatch jobsAtBatch = null;
        try (JavaSparkContext sc = SparkContexts.create("dpnet plan", config.master())) {
            sparkLogs.apply(sc);
            console.printf("plan: measuring the math in all %d task slots at once (after JIT warm-up)...%n",
                    sc.defaultParallelism());
            MathCost math = MathJob.measure(sc, new MathProbe.Setup(spec, config.kernel(), mathRows, mathWeights),
                    sc.defaultParallelism(), m -> console.println("plan: " + m));
            compute = new ComputeCosts(math, gather[0], gather[1], driver).withMathWeights(mathWeights.source());
            int parts = config.partitions() > 0 ? config.partitions() : sc.defaultParallelism();
            PlanRealStep.Opened real = PlanRealStep.open(sc, hadoop, config, parts);
            SparkProbe probe = new SparkProbe(sc, spec.paramCount());
            if (real.step() == null) {
                console.println("plan: no real-step calibration: " + real.whyNot()
                        + "; the fixed cost is the bare jobs' alone, not anchored to real steps");
            } else {
                probe.withRealStep(real.step());
            }
            console.printf("plan: measuring bare Spark jobs and real steps at a tiny batch on %s (%d rounds of "
                    + "each)...%n", sc.master(), reps);
            try {
                spark = probe.measure(reps, SparkProbe.WARMUP, m -> console.println("plan: " + m));
                if (real.step() != null) {
                    console.printf(Locale.ROOT, "plan: real steps at batch %,d on %d partition%s, treeDepth %d "
                            + "(%d blocks of an epoch's steps: their math, and beside it)...%n", config.batchSize(),
                            parts, parts == 1 ? "" : "s", config.treeDepth(), AT_BATCH_ROUNDS);
                    long t0 = System.nanoTime();
                    jobsAtBatch = real.step().atBatch(AT_BATCH_WARMUP, AT_BATCH_ROUNDS, mathWeights.params());
                    console.printf(Locale.ROOT, "plan: real steps: done (%d steps per block, %.1f s)%n",
                            jobsAtBatch.blockSteps(), (System.nanoTime() - t0) / 1e9);
                }
            } finally {
                if (real.step() != null) {
                    real.step().close();
                }
            }
            boolean local = sc.master().startsWith("local");
            residentWhyNot = residentWhyNot(sc, config, workload);
            resident = residentWhyNot != null ? PlanResidentStep.Result.not(residentWhyNot)
                    : PlanResidentStep.measure(new PlanResidentStep.Request(sc, hadoop, config, mathWeights), driver,
                            m -> console.println("plan: " + m));
            compute = compute.withStepMath(jobsAtBatch == null ? null : jobsAtBatch.math(), resident.stepMath());
            if (resident.here() == null && residentWhyNot == null) {
                console.println("plan: no resident-engine calibration: " + resident.whyNot()
                        + "; the plan shows one Spark job per step only");
            }
            int executors = local ? 1 : Math.max(1, sc.sc().getExecutorMemoryStatus().size() - 1);
            where = new Where(sc.master(), local, sc.defaultParallelism(), executors, load);
        }
        int partitions = config.partitions() > 0 ? config.partitions() : where.slots();
        CostModel.Settings hereSettings = new CostModel.Settings(partitions, config.treeDepth());
        CostModel model = new CostModel(new CostConstants(where, spark, compute));
        if (jobsAtBatch != null) {
            model = model.anchoredHere(workload, hereSettings, jobsAtBatch.besideMath());
        }
        StepCost hereStep = model.here(workload, hereSettings);
        List<io.dpnet.plan.PlanRow> rows = new Planner(model).rows(workload, network, Planner.sizes(maxExecutors));
        ResidentPlan residentPlan = resident.here() == null ? null
                : new ResidentPlanner(anchored(model, resident, workload, where.slots())).plan(workload, rows,
                        residentWhyNot, config.plan().engine().name().toLowerCase(Locale.ROOT),
                        new ResidentPlanner.Here(where.slots(), partitions));
        // The run is compared with the engine this configuration runs here (its epoch includes a resident job's start).
        double predicted = residentPlan != null && residentPlan.residentHere()
                ? residentPlan.hereEpochSeconds() / workload.stepsPerEpoch() : hereStep.total();
        PlanReport report = new PlanReport(confPath == null ? "(defaults)" : confPath, workload,
                model.constants(), new PlanReport.Here(hereSettings, hereStep,
                        hereStep.total() * workload.stepsPerEpoch()), network, rows,
                runLines == null ? null : validation(runLines, predicted), residentPlan);
        console.print(PlanText.format(report));
        if (json != null) {
            RunFiles.writeString(hadoop, json, PlanJson.write(report), true);
            console.println("plan: wrote " + json);
        }
        return 0;
    }

    /**
     * The resident model with the measured mode's transport corrected at the configured batch
     * ({@link ResidentCost#anchoredHere}); on a cluster that transport is also the table's.
     */
    private static ResidentCost anchored(CostModel model, PlanResidentStep.Result r, Workload w, int slots) {
        ResidentCosts here = new ResidentCost(model, r.here(), r.cluster()).anchoredHere(w, slots, r.besideMathAtBatch());
        return new ResidentCost(model, here, r.cluster() == r.here() ? here : r.cluster());
    }

    /** The first epoch of a run of {@code n} that validation compares: the one after the first ⌈n/2⌉ (1 for n = 1). */
    static int firstSteadyEpoch(int n) {
        return n <= 1 ? 1 : (n + 1) / 2 + 1;
    }

    /** Every option checked before anything is measured. */
    void checkOptions() {
        if (!(gbps > 0) || Double.isInfinite(gbps)) {
            throw new IllegalArgumentException("--network-gbps must be a positive number of Gb/s, got " + gbps);
        }
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("--latency-ms must be zero or more milliseconds, got " + latencyMs);
        }
        if (maxExecutors < 1 || maxExecutors > 4096) {
            throw new IllegalArgumentException("--max-executors must be between 1 and 4096, got " + maxExecutors);
        }
        if (cores < 1 || cores > 1024) {
            throw new IllegalArgumentException("--cores-per-executor must be between 1 and 1024, got " + cores);
        }
        if (reps < 5 || reps > 1000) {
            throw new IllegalArgumentException("--reps must be between 5 and 1000, got " + reps);
        }
        if (samples != null && samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
    }

    private long trainingSamples(Configuration hadoop, TrainConfig config) throws java.io.IOException {
        if (samples != null) {
            return samples;
        }
        var data = config.data();
        if (data.format() != DataFormat.IDX) {
            throw new ConfigException("plan reads the training-set size from IDX files only; give --samples N for "
                    + "data.format=" + data.format().key());
        }
        String images = data.trainImages().isEmpty() ? IdxLayout.images(hadoop, data.dir(), "train") : data.trainImages();
        String labels = data.trainLabels().isEmpty() ? IdxLayout.labels(hadoop, data.dir(), "train") : data.trainLabels();
        long n = IdxDataset.open(hadoop, images, labels, config.modelSpec().outputSize()).count();
        double fraction = config.plan().validationFraction();
        return fraction > 0 ? n - Math.round(n * fraction) : n;
    }

    /**
     * The weights the math is timed at: {@code --weights}, else the {@code --against} run's model
     * (so the validation compares the network the run trained), else the initial weights.
     */
    private MathProbe.Weights mathWeights(Configuration hadoop, ModelSpec spec) throws java.io.IOException {
        String dir = weights;
        String option = "--weights " + weights;
        if (dir == null && against != null) {
            dir = new org.apache.hadoop.fs.Path(against, "model").toString();
            option = "--against " + against;
            if (!new org.apache.hadoop.fs.Path(dir).getFileSystem(hadoop).exists(new org.apache.hadoop.fs.Path(dir))) {
                return MathProbe.Weights.initial(spec);
            }
        }
        if (dir == null) {
            return MathProbe.Weights.initial(spec);
        }
        io.dpnet.model.SavedModel model;
        try {
            model = io.dpnet.model.ModelIo.load(hadoop, dir);
        } catch (io.dpnet.model.ModelFormatException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
        if (!model.spec().equals(spec)) {
            throw new ConfigException(option + ": the model at " + dir + " is " + model.spec()
                    + ", the configuration's network is " + spec);
        }
        return MathProbe.Weights.trained(spec, model.params(), "the trained weights of " + dir);
    }

    private List<String> metricsLines(Configuration hadoop) throws java.io.IOException {
        String path = new org.apache.hadoop.fs.Path(against, "metrics.jsonl").toString();
        String text;
        try {
            text = RunFiles.readString(hadoop, path);
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException("--against " + against + ": no metrics.jsonl there (give a run directory "
                    + "written by dpnet train)");
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new ConfigException("--against " + against + ": metrics.jsonl has no epochs yet");
        }
        return lines;
    }

    /**
     * Seconds per step over the run's second half: its epochs after the first ⌈N/2⌉ (JIT warm-up),
     * or its only epoch. The plan predicts a warm JVM's epoch; a fresh driver and fresh executors
     * compile for several epochs (measured on the two-worker cluster: 41 ms per step in epoch 2,
     * 34 in epoch 4, 22 in epochs 6-7 of the default 7-epoch run).
     */
    private PlanReport.Validation validation(List<String> lines, double predicted) {
        List<io.dpnet.train.EpochMetrics> epochs = lines.stream()
                .map(l -> io.dpnet.run.MetricsLog.fromJson(l, lines.size())).toList();
        int skipped = firstSteadyEpoch(epochs.size()) - 1;
        List<io.dpnet.train.EpochMetrics> used = epochs.subList(skipped, epochs.size());
        double seconds = 0;
        double math = 0;
        long steps = 0;
        for (var m : used) {
            seconds += m.epochSeconds();
            math += Double.isNaN(m.mathSeconds()) ? 0 : m.mathSeconds();
            steps += m.steps();
        }
        String which = epochs.size() == 1 ? "epoch 1 only, JIT warm-up included"
                : skipped + 1 == epochs.size() ? "epoch " + epochs.size()
                : "epochs " + (skipped + 1) + "-" + epochs.size();
        return new PlanReport.Validation(against, which, seconds / steps, math / steps, predicted);
    }

    /**
     * Why the resident engine cannot run this configuration anywhere (as {@code ResidentSyncStep.whyNot}
     * says at training time, without the slots), or null.
     */
    private static String residentWhyNot(JavaSparkContext sc, TrainConfig config, Workload w) {
        if (config.syncMode() != io.dpnet.train.TrainingPlan.SyncMode.SYNC) {
            return "it runs synchronous steps only (sync=sync)";
        }
        if (config.plan().pipeline()) {
            return "sync.pipeline=true keeps Spark jobs in flight instead";
        }
        // An IDX set's bytes: one byte per pixel and one per label.
        if (config.blockPolicy().useBlocks(w.samples() * (config.modelSpec().inputSize() + 1L))) {
            return "the training set would be out of core (input.storage); it needs the shards cached";
        }
        if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            return "spark.dynamicAllocation.enabled=true: Spark runs barrier jobs only on a fixed set of executors";
        }
        return null;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
