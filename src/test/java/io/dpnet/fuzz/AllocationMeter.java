package io.dpnet.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by the current thread, from HotSpot's per-thread counter: lets a
 * test check that a parser given a header declaring gigabytes did not try to allocate them (an
 * attempt that happens to fit the test heap would otherwise pass unnoticed).
 */
final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** A running total; subtract two readings to get what happened in between. */
    static long allocatedSoFar() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
