package io.dpnet.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The JVM's peak heap use so far: the sum of every heap pool's peak. Pools peak at different
 * moments, so this is an upper bound of the true peak — the honest direction for a memory report.
 * In {@code local[*]} the executors share the driver's JVM, so it covers the cached data too.
 */
final class PeakHeap {
    private PeakHeap() {
    }

    static long bytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String describe() {
        return String.format("%.0f MB", bytes() / 1e6);
    }
}
