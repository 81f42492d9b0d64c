package io.dpnet.plan;

/**
 * Where the constants were measured: Spark's master, whether the tasks ran inside the driver's
 * JVM (local mode: no network, a broadcast is read from the driver's own block manager without
 * deserializing it) or in executor JVMs (standalone/YARN/Kubernetes, here over loopback), how many
 * task slots and executors it had, and the 1-minute load average when measuring started.
 */
public record Where(String master, boolean inProcess, int slots, int executors, double loadAverage) {
    public Where {
        if (slots < 1 || executors < 1) {
            throw new IllegalArgumentException("slots and executors must be positive, got " + slots + " and "
                    + executors);
        }
    }

    public String describe() {
        return master + " (" + (inProcess ? "tasks in the driver JVM" : executors + " executor JVMs") + ", "
                + slots + " task slot" + (slots == 1 ? "" : "s") + ")";
    }
}
