package io.dpnet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Builds the SparkContext dpnet needs: Kryo with registration required, quiet console. */
public final class SparkContexts {
    private SparkContexts() {
    }

    /**
     * The dpnet defaults for a SparkConf. Settings already present (from spark-submit or
     * spark-defaults.conf) win, so a cluster's {@code --master} is never overridden.
     */
    public static SparkConf conf(String appName, String defaultMaster) {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.master", defaultMaster);
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrationRequired", "true");
        conf.set("spark.kryo.registrator", DpnetKryoRegistrator.class.getName());
        // Weights and gradients are dense floats: compressing them costs time and saves little.
        conf.setIfMissing("spark.broadcast.compress", "false");
        // A gradient of 269k floats is just over the 1 MiB default, which would send every task
        // result through the block manager (an extra round trip per task per step). Results are
        // O(parameters); the RPC message limit (128 MiB) still bounds them.
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        // dpnet prints its own per-epoch progress line; Spark's stage bars would interleave with it.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // A laptop run needs no web UI; it would also take a port on every run.
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }

    public static JavaSparkContext create(String appName, String defaultMaster) {
        return new JavaSparkContext(conf(appName, defaultMaster));
    }
}
