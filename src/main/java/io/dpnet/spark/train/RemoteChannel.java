package io.dpnet.spark.train;

import io.dpnet.data.IndexOrder;
import io.dpnet.train.GradientSum;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.spark.SparkEnv;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A resident task's line to the driver on a cluster: asks to the driver's {@link ResidentEndpoint}
 * over Spark RPC, one per step, whose reply is the next step. The weights arrive into one reused
 * array and the sum leaves from one reused buffer (the RPC layer serializes the message before
 * {@code ask} returns), so a step allocates only what Spark's transport itself does.
 */
final class RemoteChannel implements ResidentChannel {
    private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);
    /** Longer than the driver's own wait for a step, so the driver is the one that gives up and says why. */
    private static final RpcTimeout TIMEOUT = new RpcTimeout(FiniteDuration.apply(
            ResidentSyncStep.STEP_TIMEOUT_MILLIS + TimeUnit.MINUTES.toMillis(1), TimeUnit.MILLISECONDS),
            "dpnet's resident step timeout");

    private final RpcEndpointRef driver;
    private final long exchange;
    private final int partition;
    private final IndexOrder order;
    private final float[] params;
    private final GradientSum sum = GradientSum.empty();
    private byte[] sumMessage;

    private RemoteChannel(RpcEndpointRef driver, long exchange, int partition, IndexOrder order, int paramCount) {
        this.driver = driver;
        this.exchange = exchange;
        this.partition = partition;
        this.order = order;
        this.params = new float[paramCount];
    }

    /** Connects to the driver's endpoint of the job {@code job} describes. */
    static RemoteChannel connect(ResidentTask.Remote job, long exchange, int partition, int paramCount) {
        ResidentEndpoint.Address at = job.driver();
        RpcEndpointRef ref = SparkEnv.get().rpcEnv().setupEndpointRef(RpcAddress.apply(at.host(), at.port()), at.name());
        return new RemoteChannel(ref, exchange, partition, job.order(), paramCount);
    }

    @Override
    public ResidentExchange.Work first(BooleanSupplier cancelled) throws InterruptedException {
        return ask(ResidentWire.hello(exchange, partition), cancelled);
    }

    @Override
    public ResidentExchange.Work next(ResidentExchange.Work done, BooleanSupplier cancelled)
            throws InterruptedException {
        sumMessage = ResidentWire.sum(exchange, partition, done.seq(), sum, sumMessage);
        return ask(sumMessage, cancelled);
    }

    @Override
    public GradientSum clearedSum(int paramCount) {
        return sum.clear(paramCount);
    }

    @Override
    public void fail(Throwable t) {
        if (t instanceof ResidentExchange.Cancelled) {
            return;
        }
        try {
            driver.send(ResidentWire.fail(exchange, partition, String.valueOf(t)));
        } catch (RuntimeException unreachable) {
            // The driver learns of the failure from Spark's task end event instead.
        }
    }

    private ResidentExchange.Work ask(byte[] message, BooleanSupplier cancelled) throws InterruptedException {
        CompletableFuture<byte[]> reply = FutureConverters.asJava(driver.ask(message, TIMEOUT, BYTES))
                .toCompletableFuture();
        byte[] bytes;
        while (true) {
            try {
                bytes = reply.get(ResidentExchange.POLL_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    reply.cancel(true);
                    throw new ResidentExchange.Cancelled();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("partition " + partition + " lost the driver's resident step "
                        + "endpoint " + driver.address() + "/" + driver.name() + ": " + e.getCause(), e.getCause());
            }
        }
        ResidentWire.Step s = ResidentWire.readStep(bytes, params);
        return s == null ? null : new ResidentExchange.Work(s.seq(), order, s.from(), s.to(), s.globalStep(), params);
    }
}
