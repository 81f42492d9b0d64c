package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.train.GradientSum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The in-JVM meeting point of one resident barrier job ({@link ResidentSyncStep}): the driver
 * publishes a step (the mini-batch positions and its very weights array), each partition's task
 * computes its share into its own reused {@link GradientSum} and posts it, the driver waits for
 * all of them, merges and updates, and publishes the next step. In local mode the tasks are
 * threads of the driver's JVM and find the exchange by id in a static registry, so the weights
 * are never copied and the sums never serialized. On a cluster the driver's
 * {@link ResidentEndpoint} stands in for the remote tasks: it posts the sums that arrive
 * ({@link #postSum}) and answers each task with its next step when there is one ({@link #whenWork}).
 *
 * <p>Why the weights need no copy: the driver changes them only after every partition has posted
 * the step's sum, i.e. after every task is done reading them; the lock hand-over orders the
 * driver's writes before the tasks' next reads.
 */
final class ResidentExchange {
    /** Open exchanges of this JVM by id; tasks look theirs up. */
    private static final ConcurrentHashMap<Long, ResidentExchange> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** Partition sum buffers allocated so far in this JVM: lets tests prove that steps reuse them. */
    private static final AtomicLong SUMS_ALLOCATED = new AtomicLong();
    /** How often a waiting thread wakes to check for cancellation or a failed job. */
    static final long POLL_MILLIS = 50;

    /** A published step: positions {@code [from, to)} of {@code order}, at {@code params}, as {@code globalStep}. */
    record Work(long seq, IndexOrder order, long from, long to, long globalStep, float[] params) {
    }

    final long id;
    private final int partitions;
    private final GradientSum[] sums;
    private final boolean[] posted;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workChanged = lock.newCondition();
    private final Condition sumPosted = lock.newCondition();
    private Work work;
    /** Remote tasks waiting for a step newer than the one they named (see {@link #whenWork}). */
    private final List<Consumer<Work>> waiters = new ArrayList<>();
    private int postedCount;
    private boolean closed;
    private Throwable failure;
    private int failedPartition = -1;

    private ResidentExchange(long id, int partitions) {
        this.id = id;
        this.partitions = partitions;
        this.sums = new GradientSum[partitions];
        this.posted = new boolean[partitions];
    }

    static ResidentExchange open(int partitions) {
        ResidentExchange ex = new ResidentExchange(IDS.incrementAndGet(), partitions);
        OPEN.put(ex.id, ex);
        return ex;
    }

    /** The exchange a task belongs to, or null once the driver closed it (a late or retried task). */
    static ResidentExchange lookup(long id) {
        return OPEN.get(id);
    }

    static long sumsAllocated() {
        return SUMS_ALLOCATED.get();
    }

    // ---- task side ----

    /**
     * The task of {@code partition} waits for a step newer than {@code lastSeq}; null when the
     * driver closed the exchange (end of the epoch, or the job is being abandoned).
     *
     * @param cancelled polled while waiting: a killed task must not wait forever
     */
    Work awaitWork(long lastSeq, BooleanSupplier cancelled) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (work == null || work.seq() == lastSeq)) {
                if (cancelled.getAsBoolean()) {
                    throw new Cancelled();
                }
                workChanged.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            return closed ? null : work;
        } finally {
            lock.unlock();
        }
    }

    /** This partition's reused sum buffer, cleared for a new step; allocated once per exchange. */
    GradientSum clearedSum(int partition, int paramCount) {
        GradientSum s = sums[partition];
        if (s == null) {
            s = GradientSum.empty();
            sums[partition] = s;
            SUMS_ALLOCATED.incrementAndGet();
        }
        return s.clear(paramCount);
    }

    /** The task of {@code partition} has put step {@code seq}'s sum into its buffer. */
    void post(int partition, long seq) {
        lock.lock();
        try {
            if (work != null && work.seq() == seq && !posted[partition]) {
                posted[partition] = true;
                if (++postedCount == partitions) {
                    sumPosted.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A remote task's sum for step {@code seq} (a {@link ResidentWire} SUM message), decoded into
     * the partition's reused buffer. A sum for a step that is not the published one (a late
     * message of an abandoned step) or a second one is dropped.
     */
    void postSum(int partition, long seq, byte[] message, int paramCount) {
        lock.lock();
        try {
            if (closed || work == null || work.seq() != seq || posted[partition]) {
                return;
            }
            ResidentWire.readSum(message, clearedSum(partition, paramCount));
            posted[partition] = true;
            if (++postedCount == partitions) {
                sumPosted.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls {@code reply} with the first published step newer than {@code lastSeq} — now, if there
     * is one, else when the driver publishes it — or with null once the exchange is closed. For
     * remote tasks, whose request waits at the driver instead of in a thread.
     */
    void whenWork(long lastSeq, Consumer<Work> reply) {
        Work now;
        lock.lock();
        try {
            if (!closed && (work == null || work.seq() == lastSeq)) {
                waiters.add(reply);
                return;
            }
            now = closed ? null : work;
        } finally {
            lock.unlock();
        }
        reply.accept(now);
    }

    /** Answers the waiters (outside the lock: a reply serializes the weights). */
    private static void answer(List<Consumer<Work>> ready, Work w) {
        for (Consumer<Work> r : ready) {
            r.accept(w);
        }
    }

    /**
     * The task of {@code partition} failed: the driver stops waiting and reports it. A task killed
     * by Spark is no cause of its own (a sibling failed, or the job was cancelled): the driver
     * learns of that from the job.
     */
    void fail(int partition, Throwable t) {
        if (t instanceof Cancelled) {
            return;
        }
        lock.lock();
        try {
            if (failure == null) {
                failure = t;
                failedPartition = partition;
            }
            sumPosted.signal();
        } finally {
            lock.unlock();
        }
    }

    // ---- driver side ----

    void publish(Work next) {
        List<Consumer<Work>> ready;
        lock.lock();
        try {
            work = next;
            postedCount = 0;
            Arrays.fill(posted, false);
            workChanged.signalAll();
            ready = List.copyOf(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        answer(ready, next);
    }

    /**
     * Waits until every partition posted the published step's sum, then returns the buffers (in
     * partition order). Throws when a task failed, or when {@code jobFailed} reports the job gone
     * or no sum arrived within {@code timeoutMillis}.
     */
    GradientSum[] awaitSums(JobWatch jobFailed, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (postedCount < partitions && failure == null) {
                Throwable gone = jobFailed.failure();
                if (gone != null) {
                    throw new ResidentFailure("the resident step job ended before the step was done: " + gone,
                            gone);
                }
                if (System.nanoTime() > deadline) {
                    throw new ResidentFailure("no gradient sum from " + (partitions - postedCount) + " of "
                            + partitions + " partitions within " + timeoutMillis / 1000 + " s (are all tasks "
                            + "running? the resident engine needs "
                            + partitions + " task slots at once)", null);
                }
                sumPosted.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            if (failure != null) {
                throw new ResidentFailure("partition " + failedPartition + ": " + failure, failure);
            }
            return sums;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the exchange: waiting tasks return, late ones find nothing. */
    void close() {
        OPEN.remove(id);
        List<Consumer<Work>> ready;
        lock.lock();
        try {
            closed = true;
            workChanged.signalAll();
            ready = List.copyOf(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        answer(ready, null);
    }

    /** Thrown in a task Spark killed while it waited for the driver. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("resident step task killed while waiting for the next step", null, false, false);
        }
    }

    /** Reports why the job running the tasks is gone, or null while it runs. */
    @FunctionalInterface
    interface JobWatch {
        Throwable failure();
    }

    /** A resident job that cannot finish its step: the driver's state is still that before the step. */
    static final class ResidentFailure extends RuntimeException {
        ResidentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
