package io.dpnet.plan;

/**
 * A stated cluster: {@code executors} JVMs with {@code cores} task slots each, on a network of
 * {@code bandwidthBytesPerSecond} per link (each executor's and the driver's; a switched network
 * without oversubscription) and {@code latencySeconds} per message.
 */
public record ClusterSpec(int executors, int cores, double bandwidthBytesPerSecond, double latencySeconds) {
    public ClusterSpec {
        if (executors < 1 || cores < 1 || !(bandwidthBytesPerSecond > 0) || !(latencySeconds >= 0)) {
            throw new IllegalArgumentException("a cluster needs positive executors, cores and bandwidth and a "
                    + "non-negative latency, got " + executors + ", " + cores + ", " + bandwidthBytesPerSecond + ", "
                    + latencySeconds);
        }
    }

    public static ClusterSpec of(int executors, int cores, double gigabitsPerSecond, double latencyMillis) {
        return new ClusterSpec(executors, cores, gigabitsPerSecond * 1e9 / 8, latencyMillis / 1e3);
    }

    public int slots() {
        return executors * cores;
    }
}
