package io.dpnet.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * A local SparkContext for one Spark test class (JVMs allow one context at a time, and the CLI
 * tests start their own, so each class stops its context in {@code @AfterAll}).
 */
public final class SparkTestContext {
    private static JavaSparkContext sc;

    private SparkTestContext() {
    }

    /** local[4], bound to loopback. */
    public static synchronized JavaSparkContext get() {
        if (sc == null) {
            sc = new JavaSparkContext(SparkContexts.conf("dpnet-test", "local[4]")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1"));
        }
        return sc;
    }

    public static synchronized void stop() {
        if (sc != null) {
            sc.stop();
            sc = null;
        }
    }
}
