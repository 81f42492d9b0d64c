package io.dpnet.spark.train;

import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import scala.PartialFunction;
import scala.PartialFunction$;
import scala.runtime.BoxedUnit;

/**
 * The driver's side of the resident engine on a cluster: an endpoint of Spark's own RPC
 * environment (the one executors already talk to the driver through, so {@code spark.authenticate}
 * and {@code spark.network.crypto.enabled} apply to it unchanged), registered for one resident job
 * under a name only that job's tasks know. A task's HELLO or SUM is an ask that stays unanswered
 * until the driver publishes the next step: the reply carries that step's weights. So a step costs
 * each task one round trip, and the driver no Spark job.
 *
 * <p>Uses Spark's {@code org.apache.spark.rpc} API, which Spark marks {@code private[spark]} (public
 * in bytecode): there is no public way to message running tasks. It has been stable since Spark 2;
 * {@code ResidentSyncStepTest} and {@code StandaloneClusterTest} exercise it, so a Spark upgrade
 * that changes it fails the build's tests, not a user's job.
 */
final class ResidentEndpoint implements ThreadSafeRpcEndpoint {
    private final RpcEnv env;
    private final ResidentExchange exchange;
    private final int paramCount;
    /** The encoded reply of the last published step: encoded once, sent to every partition. */
    private long encodedSeq = -1;
    private byte[] encoded;

    private ResidentEndpoint(RpcEnv env, ResidentExchange exchange, int paramCount) {
        this.env = env;
        this.exchange = exchange;
        this.paramCount = paramCount;
    }

    /** Where the tasks of one resident job find the driver. */
    record Address(String host, int port, String name) implements java.io.Serializable {
    }

    /** A registered endpoint and how to stop it. */
    record Registration(Address address, RpcEndpointRef ref, RpcEnv env) {
        void stop() {
            env.stop(ref);
        }
    }

    static Registration register(RpcEnv env, ResidentExchange exchange, int paramCount) {
        RpcAddress at = env.address();
        if (at == null) {
            throw new IllegalStateException("the driver's RPC environment has no server address");
        }
        // The exchange id is per driver JVM; the random part keeps a stale task of another
        // application (a reused executor of a long-lived cluster) from reaching this one.
        String name = "dpnet-resident-" + exchange.id + "-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        RpcEndpointRef ref = env.setupEndpoint(name, new ResidentEndpoint(env, exchange, paramCount));
        return new Registration(new Address(at.host(), at.port(), name), ref, env);
    }

    @Override
    public RpcEnv rpcEnv() {
        return env;
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receive() {
        return PartialFunction$.MODULE$.fromFunction(message -> {
            byte[] m = (byte[]) message;
            ResidentWire.From from = ResidentWire.from(m);
            if (from.type() == ResidentWire.FAIL) {
                exchange.fail(from.partition(), new RemoteTaskFailure(ResidentWire.failMessage(m)));
            }
            return BoxedUnit.UNIT;
        });
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return PartialFunction$.MODULE$.fromFunction(message -> {
            byte[] m = (byte[]) message;
            ResidentWire.From from = ResidentWire.from(m);
            long lastSeq = -1;
            if (from.type() == ResidentWire.SUM) {
                lastSeq = ResidentWire.sumSeq(m);
                exchange.postSum(from.partition(), lastSeq, m, paramCount);
            } else if (from.type() != ResidentWire.HELLO) {
                context.sendFailure(new IllegalArgumentException("unexpected resident engine message type "
                        + from.type()));
                return BoxedUnit.UNIT;
            }
            exchange.whenWork(lastSeq, w -> context.reply(w == null ? ResidentWire.closed() : encode(w)));
            return BoxedUnit.UNIT;
        });
    }

    /** The step's message, encoded at most once per step (every task gets the same bytes). */
    private synchronized byte[] encode(ResidentExchange.Work w) {
        if (encodedSeq != w.seq()) {
            encoded = ResidentWire.step(w.seq(), w.from(), w.to(), w.globalStep(), w.params());
            encodedSeq = w.seq();
        }
        return encoded;
    }

    /** A remote task's error, as its message (its class may not exist on the driver). */
    static final class RemoteTaskFailure extends RuntimeException {
        RemoteTaskFailure(String message) {
            super(message, null, false, false);
        }
    }
}
