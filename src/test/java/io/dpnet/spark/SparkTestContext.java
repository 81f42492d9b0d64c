package io.dpnet.spark;

import org.apache.spark.api.java.JavaSparkContext;

/** One local SparkContext shared by the Spark tests of a JVM: starting one costs seconds. */
final class SparkTestContext {
    private static JavaSparkContext sc;

    private SparkTestContext() {
    }

    /** local[4] with task retries (local[N,F]) off: a test must see the first failure. */
    static synchronized JavaSparkContext get() {
        if (sc == null) {
            sc = new JavaSparkContext(SparkContexts.conf("dpnet-test", "local[4]")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sc.stop()));
        }
        return sc;
    }
}
