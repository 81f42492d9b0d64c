package io.dpnet.spark.train;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The first task error of the resident jobs, as Spark's scheduler saw it. A task can fail before
 * its resident loop runs (computing its input: a lost cached shard re-read from a failing file),
 * where it cannot tell the exchange; its barrier siblings are then killed and Spark retries the
 * stage, so without this the driver would only learn "cancelled" or "retried". The stages are
 * recognised by the local property {@link #PROPERTY} set when the job is submitted.
 */
final class ResidentTaskFailures extends SparkListener {
    static final String PROPERTY = "dpnet.resident.exchange";

    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile String first;

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        if (event.properties() != null && event.properties().getProperty(PROPERTY) != null) {
            stages.add(event.stageInfo().stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (first == null && stages.contains(event.stageId()) && event.reason() instanceof ExceptionFailure f) {
            first = "partition " + event.taskInfo().index() + ": " + f.className() + ": " + f.description();
            failed.countDown();
        }
    }

    /** The first task error, waiting up to {@code millis} for Spark's listener bus to deliver it; or null. */
    String await(long millis) {
        try {
            failed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return first;
    }
}
