package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.optim.Optimizer;
import io.dpnet.spark.input.ShardedData;
import io.dpnet.train.GradientSum;
import io.dpnet.train.TrainingPlan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The synchronous step with two steps in flight ({@code sync.pipeline=true}): step t+1's Spark job
 * is submitted before step t's result is back, so Spark's per-job latency (scheduling, task
 * serialization, result transfer, the driver's optimizer step) overlaps with the other job's
 * tasks instead of adding to every step.
 *
 * <p>The price is a one-step delayed gradient: step t+1's gradient is computed at the weights
 * before step t's update, {@code w(t+1) = w(t) − update(∇L(w(t−1); batch t+1))}. Everything else
 * is the plain synchronous step ({@link SyncStep#gradient}: same mini-batch positions, same sums),
 * so the result is still deterministic and independent of the partition count. The pipeline
 * starts empty at every epoch and after every {@link #drain}: the first step of an epoch (and the
 * first after a mid-epoch checkpoint) uses the current weights, and its successor the same ones —
 * which is what makes a run resumed from a checkpoint identical to one that was never stopped.
 *
 * <p>Jobs run on driver threads of a small pool (Spark accepts concurrent jobs from several
 * threads; FIFO scheduling runs the older job's tasks first). Each job gets its own snapshot of
 * the weights, because in local mode the broadcast value is the driver's very array.
 */
final class PipelinedSyncStep implements StepJob {
    private final JavaSparkContext sc;
    private final ShardedData train;
    private final TrainingPlan plan;
    private final long trainingSize;
    /** Two jobs at most are in flight; idle threads die, so an abandoned trainer leaks nothing. */
    private final ExecutorService jobs;
    private final DriverUpdate driver;
    /** The job already submitted for the next step, or null when the pipeline is empty. */
    private InFlight next;

    private record InFlight(IndexOrder order, long step, CompletableFuture<GradientSum> gradient) {
    }

    PipelinedSyncStep(JavaSparkContext sc, ShardedData train, TrainingPlan plan, long trainingSize) {
        this.sc = sc;
        this.train = train;
        this.plan = plan;
        this.driver = new DriverUpdate(plan.updateRule());
        this.trainingSize = trainingSize;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dpnet-step-job");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.jobs = pool;
    }

    @Override
    public int stepsFrom(long step, long stepsPerEpoch) {
        return 1;
    }

    @Override
    public JobResult run(IndexOrder order, long step, long globalStep, float[] rates, float[] params,
                         Optimizer optimizer) {
        float[] weights = params.clone();
        CompletableFuture<GradientSum> current;
        if (next != null && next.order() == order && next.step() == step) {
            current = next.gradient();
        } else {
            drain();
            current = submit(order, step, globalStep, weights);
        }
        next = null;
        if ((step + 1) * plan.batchSize() < trainingSize) {
            // Submitted before this step's update: its gradient is taken at the weights before it.
            next = new InFlight(order, step + 1, submit(order, step + 1, globalStep + 1, weights));
        }
        GradientSum sum = await(current);
        return driver.apply(sum, params, optimizer, rates[0]);
    }

    /** Waits for the job in flight, if any, and forgets it: the next step starts from the current weights. */
    @Override
    public void drain() {
        InFlight pending = next;
        next = null;
        if (pending != null) {
            try {
                pending.gradient().join();
            } catch (RuntimeException ignored) {
                // Its result was going to be dropped anyway; a real failure shows in the next job.
            }
        }
    }

    private CompletableFuture<GradientSum> submit(IndexOrder order, long step, long globalStep, float[] weights) {
        long from = step * plan.batchSize();
        long to = Math.min(trainingSize, from + plan.batchSize());
        return CompletableFuture.supplyAsync(
                () -> SyncStep.gradient(sc, train, plan, weights, order, from, to, globalStep), jobs);
    }

    private static GradientSum await(CompletableFuture<GradientSum> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a step's Spark job", e);
        } catch (ExecutionException e) {
            // Rethrown as it is (a SparkException too), so failures read as they do without the pipeline.
            throw PipelinedSyncStep.<RuntimeException>sneaky(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
