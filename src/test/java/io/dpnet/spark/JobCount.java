package io.dpnet.spark;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** Counts the Spark jobs started on a context while it is open (try-with-resources). */
public final class JobCount extends SparkListener implements AutoCloseable {
    private final JavaSparkContext sc;
    private final AtomicInteger jobs = new AtomicInteger();

    public JobCount(JavaSparkContext sc) {
        this.sc = sc;
        sc.sc().addSparkListener(this);
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        jobs.incrementAndGet();
    }

    /** The jobs started so far, once the listener bus has delivered every event posted before the call. */
    public int started() {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
        return jobs.get();
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
