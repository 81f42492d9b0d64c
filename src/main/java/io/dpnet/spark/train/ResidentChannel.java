package io.dpnet.spark.train;

import io.dpnet.train.GradientSum;
import java.util.function.BooleanSupplier;

/**
 * A resident task's line to the driver: get a step, hand in its sum, get the next. In local mode
 * ({@link InJvm}) that is the shared {@link ResidentExchange} itself; on a cluster it is Spark RPC
 * ({@link RemoteChannel}). Either way the task's loop ({@link ResidentTask}) is the same.
 */
interface ResidentChannel {
    /** The job's first step, or null when the driver already closed the exchange. */
    ResidentExchange.Work first(BooleanSupplier cancelled) throws InterruptedException;

    /**
     * Hands in {@code done}'s sum (in the buffer {@link #clearedSum} gave) and waits for the next
     * step; null when the driver ends the job.
     *
     * @param cancelled polled while waiting: a killed task must not wait forever
     */
    ResidentExchange.Work next(ResidentExchange.Work done, BooleanSupplier cancelled) throws InterruptedException;

    /** This partition's reused sum buffer, cleared for a new step. */
    GradientSum clearedSum(int paramCount);

    /** Tells the driver this task failed, so it stops waiting at once. */
    void fail(Throwable t);

    /** Local mode: the tasks are threads of the driver's JVM and share its exchange. */
    record InJvm(ResidentExchange exchange, int partition) implements ResidentChannel {
        @Override
        public ResidentExchange.Work first(BooleanSupplier cancelled) throws InterruptedException {
            return exchange.awaitWork(-1, cancelled);
        }

        @Override
        public ResidentExchange.Work next(ResidentExchange.Work done, BooleanSupplier cancelled)
                throws InterruptedException {
            exchange.post(partition, done.seq());
            return exchange.awaitWork(done.seq(), cancelled);
        }

        @Override
        public GradientSum clearedSum(int paramCount) {
            return exchange.clearedSum(partition, paramCount);
        }

        @Override
        public void fail(Throwable t) {
            exchange.fail(partition, t);
        }
    }
}
