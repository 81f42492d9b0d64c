package io.dpnet.spark.train;

import io.dpnet.train.GradientSum;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages of the resident engine's cluster transport ({@link ResidentEndpoint}), as plain
 * {@code byte[]}: Spark's RPC layer Java-serializes messages with the class loader its RpcEnv was
 * created with, and an executor's RpcEnv predates the application's jar — a dpnet class in a reply
 * would not deserialize there. A {@code byte[]} is a JDK type, and it carries the weights and the
 * exact double sums as bulk copies.
 *
 * <pre>
 * task → driver   HELLO  [1][exchange long][partition int]
 *                 SUM    [2][exchange][partition][seq long][loss double][correct long][count long]
 *                        [mathNanos long][n int][n doubles]
 *                 FAIL   [3][exchange][partition][UTF-8 message]
 * driver → task   STEP   [4][seq long][from long][to long][globalStep long][n int][n floats]
 *                 CLOSED [5]
 * </pre>
 *
 * HELLO and SUM are asks whose reply is the task's next step (or CLOSED): one round trip per step.
 * Little-endian, the byte order of every machine Spark runs on in practice, so the bulk copies
 * need no swapping.
 */
final class ResidentWire {
    static final byte HELLO = 1;
    static final byte SUM = 2;
    static final byte FAIL = 3;
    static final byte STEP = 4;
    static final byte CLOSED = 5;
    /** type + exchange + partition. */
    private static final int TASK_HEADER = 1 + 8 + 4;
    private static final int SUM_FIELDS = 8 + 8 + 8 + 8 + 8 + 4;
    private static final int STEP_HEADER = 1 + 8 + 8 + 8 + 8 + 4;
    private static final byte[] CLOSED_MESSAGE = {CLOSED};

    private ResidentWire() {
    }

    /** Who sent a task message, and what it is. */
    record From(byte type, long exchange, int partition) {
    }

    static byte[] hello(long exchange, int partition) {
        return taskHeader(TASK_HEADER, HELLO, exchange, partition).array();
    }

    /** A SUM message, written into {@code reuse} when it has the right size (else a new array). */
    static byte[] sum(long exchange, int partition, long seq, GradientSum s, byte[] reuse) {
        double[] g = s.gradient;
        int size = TASK_HEADER + SUM_FIELDS + 8 * g.length;
        ByteBuffer b = wrap(reuse != null && reuse.length == size ? reuse : new byte[size])
                .put(SUM).putLong(exchange).putInt(partition);
        b.putLong(seq).putDouble(s.lossSum).putLong(s.correct).putLong(s.count).putLong(s.mathNanos).putInt(g.length);
        b.asDoubleBuffer().put(g);
        return b.array();
    }

    static byte[] fail(long exchange, int partition, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = taskHeader(TASK_HEADER + text.length, FAIL, exchange, partition);
        b.put(text);
        return b.array();
    }

    static From from(byte[] message) {
        ByteBuffer b = wrap(message);
        return new From(b.get(), b.getLong(), b.getInt());
    }

    static long sumSeq(byte[] message) {
        return wrap(message).getLong(TASK_HEADER);
    }

    /**
     * Decodes a SUM into {@code into} (its gradient array reused: it must have the message's
     * length). Fails naming the lengths when the task's model is not the driver's.
     */
    static void readSum(byte[] message, GradientSum into) {
        ByteBuffer b = wrap(message).position(TASK_HEADER + 8);
        into.lossSum = b.getDouble();
        into.correct = b.getLong();
        into.count = b.getLong();
        into.mathNanos = b.getLong();
        into.maxTaskMathNanos = into.mathNanos;
        int n = b.getInt();
        if (n != into.gradient.length) {
            throw new IllegalStateException("a gradient sum of " + n + " parameters arrived for a model of "
                    + into.gradient.length);
        }
        b.asDoubleBuffer().get(into.gradient);
    }

    static String failMessage(byte[] message) {
        return new String(message, TASK_HEADER, message.length - TASK_HEADER, StandardCharsets.UTF_8);
    }

    static byte[] step(long seq, long from, long to, long globalStep, float[] params) {
        ByteBuffer b = wrap(new byte[STEP_HEADER + 4 * params.length]);
        b.put(STEP).putLong(seq).putLong(from).putLong(to).putLong(globalStep).putInt(params.length);
        b.asFloatBuffer().put(params);
        return b.array();
    }

    static byte[] closed() {
        return CLOSED_MESSAGE;
    }

    /** A decoded STEP: the weights were copied into the caller's reused array. */
    record Step(long seq, long from, long to, long globalStep) {
    }

    /**
     * Decodes the driver's reply: null for CLOSED, else the step, its weights copied into
     * {@code params} (which must have the model's length).
     */
    static Step readStep(byte[] reply, float[] params) {
        ByteBuffer b = wrap(reply);
        byte type = b.get();
        if (type == CLOSED) {
            return null;
        }
        if (type != STEP) {
            throw new IllegalStateException("unexpected resident engine message type " + type);
        }
        Step s = new Step(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        int n = b.getInt();
        if (n != params.length) {
            throw new IllegalStateException("weights of " + n + " parameters arrived for a model of " + params.length);
        }
        b.asFloatBuffer().get(params);
        return s;
    }

    private static ByteBuffer taskHeader(int size, byte type, long exchange, int partition) {
        return wrap(new byte[size]).put(type).putLong(exchange).putInt(partition);
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
