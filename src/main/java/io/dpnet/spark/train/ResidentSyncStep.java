package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.Shard;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The synchronous step without a Spark job per step ({@code sync.engine=resident}, or {@code auto}
 * where it applies): one barrier job per epoch whose tasks stay and loop over the epoch's steps
 * ({@link ResidentTask}), exchanging gradient sums and weights with the driver: in memory in local
 * mode ({@link ResidentExchange}), over Spark RPC on a cluster ({@link ResidentEndpoint}, one round
 * trip per task and step). The driver's half is {@link SyncStep}'s: the same mini-batch
 * positions, the same exact double sums per partition, merged and applied by the same
 * {@link DriverUpdate} — so the weights are the job-per-step path's.
 *
 * <p>Why a barrier job: every task of a step must be running at once (each waits for the others'
 * sums through the driver), and a barrier stage is scheduled all at once or not at all. The job
 * ends at the epoch's last step, at a mid-epoch checkpoint ({@link #drain}), on a non-finite step
 * and when the trainer finishes ({@link #close}), so evaluation and other jobs find the slots free.
 *
 * <p>Failures: a task posts its error before it dies and the driver stops waiting; a job that is
 * gone, or a step with no sums for {@link #STEP_TIMEOUT_MILLIS}, ends the wait too. The step in
 * progress was not applied, so under {@code auto} the run continues with one job per step from
 * exactly there (same weights as an undisturbed run); under {@code resident} it fails with the cause.
 */
final class ResidentSyncStep implements StepJob {
    /** The longest a step may wait for its sums before the engine gives up on the job. */
    static final long STEP_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
    /** How long a failure waits for Spark to report the task error behind it. */
    private static final long TASK_ERROR_WAIT_MILLIS = 3000;
    private static final ClassTag<Long> LONG_TAG = ClassTag$.MODULE$.apply(Long.class);

    private final JavaSparkContext sc;
    private final ShardedData train;
    private final TrainingPlan plan;
    private final long trainingSize;
    private final DriverUpdate driver;
    private final boolean overRpc;
    /** The running job's driver endpoint (over RPC only), stopped when the job ends. */
    private ResidentEndpoint.Registration endpoint;
    /** The partitions' sums added up; reused every step. */
    private final GradientSum total = GradientSum.empty();
    /** The job-per-step path, for the rest of the run after a resident job failed under {@code auto}. */
    private SyncStep fallback;
    /** The epoch (its order) that runs one job per step because slots were missing at its start. */
    private IndexOrder perStepEpoch;
    private SyncStep perStep;
    private ResidentExchange exchange;
    private JavaFutureAction<Long> job;
    private IndexOrder sessionOrder;
    private long seq;
    /** Installed with the first job, removed by {@link #close}. */
    private ResidentTaskFailures failures;

    /**
     * @param overRpc whether the tasks reach the driver over Spark RPC (on a cluster, where they
     *                run in executor JVMs) rather than in memory (local mode)
     */
    ResidentSyncStep(JavaSparkContext sc, ShardedData train, TrainingPlan plan, long trainingSize, boolean overRpc) {
        this.sc = sc;
        this.train = train;
        this.plan = plan;
        this.trainingSize = trainingSize;
        this.overRpc = overRpc;
        this.driver = new DriverUpdate(plan.updateRule());
    }

    /**
     * The task slots the resident job can count on: in local mode the master's thread count; on a
     * cluster what the executors registered now offer (Spark's own count for barrier stages).
     */
    record Slots(String master, boolean local, int count, boolean dynamicAllocation) {
        /**
         * The local property ({@code sc.setLocalProperty}) that makes a local-mode run use the cluster
         * transport: it lets tests and diagnostics run the RPC path without a cluster.
         */
        static final String RPC_IN_LOCAL_MODE = "dpnet.resident.rpcInLocalMode";

        /** Whether the tasks reach the driver over Spark RPC rather than in memory. */
        boolean overRpc(JavaSparkContext sc) {
            return !local || "true".equals(sc.getLocalProperty(RPC_IN_LOCAL_MODE));
        }

        static Slots of(JavaSparkContext sc) {
            int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
            int local = localSlots(sc.master(), taskCpus);
            if (local > 0) {
                return new Slots(sc.master(), true, local, false);
            }
            int cluster = sc.sc().maxNumConcurrentTasks(sc.sc().resourceProfileManager().defaultResourceProfile());
            return new Slots(sc.master(), false, cluster,
                    sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false));
        }
    }

    /** Why the resident engine cannot run {@code plan} on {@code train} with {@code slots}, or null when it can. */
    static String whyNot(TrainingPlan plan, Slots slots, ShardedData train) {
        if (plan.sync() != TrainingPlan.SyncMode.SYNC) {
            return "it runs synchronous steps only (sync=sync)";
        }
        if (plan.pipeline()) {
            return "sync.pipeline=true keeps Spark jobs in flight instead";
        }
        if (train.blocks() != null) {
            return "the training set is out of core (input.storage); it needs the shards cached";
        }
        if (slots.dynamicAllocation()) {
            return "spark.dynamicAllocation.enabled=true: Spark runs barrier jobs only on a fixed set of executors";
        }
        if (train.partitions() > slots.count()) {
            return train.partitions() + " partitions exceed the " + slots.count() + " task slots "
                    + (slots.local() ? "of " + slots.master() : "of the executors registered now")
                    + " (all tasks of a step must run at once)";
        }
        return null;
    }

    /** Tasks {@code master} runs at once in local mode, or 0 when it is not local mode. */
    static int localSlots(String master, int taskCpus) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return 0;
        }
        int cores = m.group(1) == null ? 1
                : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        return cores / Math.max(1, taskCpus);
    }

    @Override
    public int stepsFrom(long step, long stepsPerEpoch) {
        return 1;
    }

    @Override
    public JobResult run(IndexOrder order, long step, long globalStep, float[] rates, float[] params,
                         Optimizer optimizer) {
        if (fallback != null) {
            return fallback.run(order, step, globalStep, rates, params, optimizer);
        }
        long from = step * plan.batchSize();
        long to = Math.min(trainingSize, from + plan.batchSize());
        if (order == perStepEpoch) {
            return perStep().run(order, step, globalStep, rates, params, optimizer);
        }
        GradientSum sum;
        try {
            if (exchange == null || sessionOrder != order) {
                endJob();
                String missing = overRpc ? shortOfSlots() : null;
                if (missing != null) {
                    // Spark would hold a barrier job until every slot is back, retrying for minutes
                    // (spark.scheduler.barrier.maxConcurrentTasksCheck.*); jobs run on what is there.
                    System.err.println("dpnet: warning: " + missing + "; this epoch runs one Spark job per step");
                    perStepEpoch = order;
                    return perStep().run(order, step, globalStep, rates, params, optimizer);
                }
                startJob(order);
            }
            exchange.publish(new ResidentExchange.Work(++seq, order, from, to, globalStep, params));
            sum = add(exchange.awaitSums(this::jobFailure, STEP_TIMEOUT_MILLIS));
        } catch (ResidentExchange.ResidentFailure e) {
            abandonJob();
            // A task error the exchange never saw (see ResidentTaskFailures) is the real cause.
            String taskError = failures.await(TASK_ERROR_WAIT_MILLIS);
            String why = "step " + globalStep + ": " + (taskError != null ? taskError : e.getMessage());
            if (plan.engine() == TrainingPlan.StepEngine.RESIDENT) {
                throw new IllegalStateException("the resident step engine failed at " + why, e.getCause());
            }
            // Nothing of this step was applied: the job-per-step path redoes it from the same state.
            System.err.println("dpnet: warning: the resident step engine failed at " + why
                    + "; continuing with one Spark job per step");
            fallback = perStep();
            return fallback.run(order, step, globalStep, rates, params, optimizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonJob();
            throw new IllegalStateException("interrupted while waiting for the partitions' gradient sums", e);
        }
        if (sum.count != to - from) {
            endJob();
            throw new IllegalStateException("mini-batch positions [" + from + ", " + to + ") gathered "
                    + sum.count + " samples across partitions, expected " + (to - from));
        }
        // The tasks are idle now; the last step of the epoch frees their slots before the update.
        if (to >= trainingSize) {
            endJob();
        }
        JobResult r = driver.apply(sum, params, optimizer, rates[0]);
        if (!r.finite()) {
            endJob();
        }
        return r;
    }

    private SyncStep perStep() {
        if (perStep == null) {
            perStep = new SyncStep(sc, train, plan, trainingSize);
        }
        return perStep;
    }

    /**
     * On a cluster: why a resident job could not start now (an executor lost and not yet
     * replaced leaves fewer slots than partitions), or null.
     */
    private String shortOfSlots() {
        int slots = Slots.of(sc).count();
        return slots >= train.partitions() ? null
                : "only " + slots + " of the " + train.partitions() + " task slots the resident engine needs are "
                        + "up (an executor lost?)";
    }

    /** After a mid-epoch checkpoint: the job ends here, the next step starts a new one. */
    @Override
    public void drain() {
        endJob();
    }

    @Override
    public void close() {
        endJob();
        if (failures != null) {
            sc.sc().removeSparkListener(failures);
            failures = null;
        }
    }

    private void startJob(IndexOrder order) {
        exchange = ResidentExchange.open(train.partitions());
        sessionOrder = order;
        SyncStep.ShardTask task = new SyncStep.ShardTask(plan.model(), plan.kernel(),
                Math.min(TrainingPlan.MAX_CHUNK_ROWS, plan.batchSize()),
                plan.dropout().active() ? plan.dropout() : null, plan.seed());
        ResidentTask.Remote remote = null;
        if (overRpc) {
            endpoint = ResidentEndpoint.register(sc.sc().env().rpcEnv(), exchange, plan.model().paramCount());
            remote = new ResidentTask.Remote(endpoint.address(), order);
        }
        RDD<Long> loop = train.shards().rdd().barrier()
                .mapPartitions(new ResidentTask(exchange.id, task, task.chunk(), remote), false, LONG_TAG);
        // count: its per-task result (a Long) needs no Kryo registration.
        if (failures == null) {
            failures = new ResidentTaskFailures();
            sc.sc().addSparkListener(failures);
        }
        String previous = sc.getLocalProperty(ResidentTaskFailures.PROPERTY);
        sc.setLocalProperty(ResidentTaskFailures.PROPERTY, Long.toString(exchange.id));
        try {
            job = new JavaRDD<>(loop, LONG_TAG).countAsync();
        } finally {
            sc.setLocalProperty(ResidentTaskFailures.PROPERTY, previous);
        }
    }

    /** Sums the partitions' buffers, in partition order, into the reused total. */
    private GradientSum add(GradientSum[] parts) {
        if (total.gradient == null) {
            total.gradient = new double[parts[0].gradient.length];
        }
        System.arraycopy(parts[0].gradient, 0, total.gradient, 0, total.gradient.length);
        total.lossSum = parts[0].lossSum;
        total.correct = parts[0].correct;
        total.count = parts[0].count;
        total.mathNanos = parts[0].mathNanos;
        total.maxTaskMathNanos = parts[0].maxTaskMathNanos;
        for (int p = 1; p < parts.length; p++) {
            total.merge(parts[p]);
        }
        return total;
    }

    /** Why the job is gone while a step waits for it, or null while it runs. */
    private Throwable jobFailure() {
        if (!job.isDone()) {
            return null;
        }
        try {
            job.get();
            return new IllegalStateException("the job finished without being told to");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** Tells the tasks to return and waits for the job to end, so its slots are free for the next job. */
    private void endJob() {
        if (exchange == null) {
            return;
        }
        exchange.close();
        exchange = null;
        sessionOrder = null;
        try {
            job.get(STEP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Every step it took was complete and applied; a task failing on its way out changes nothing.
            job.cancel(true);
        }
        job = null;
        stopEndpoint();
    }

    private void stopEndpoint() {
        if (endpoint != null) {
            endpoint.stop();
            endpoint = null;
        }
    }

    /** Cancels a job that failed or hangs; tasks still waiting notice the cancellation and return. */
    private void abandonJob() {
        if (exchange == null) {
            return;
        }
        exchange.close();
        exchange = null;
        sessionOrder = null;
        job.cancel(true);
        try {
            job.get(STEP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // Cancelled or failed, as expected: the cause was already taken from the exchange.
        }
        job = null;
        stopEndpoint();
    }
}
