package io.dpnet.examples;

import org.apache.spark.SparkConf;

/** What the example programs share. */
public final class Examples {
    private Examples() {
    }

    /**
     * spark-submit's --master and --name win; run directly, it is local Spark on every core.
     * Kryo with dpnet's registrator (registration not required, so Spark's own stages and
     * evaluators serialize too): the block engine's shard-building shuffle needs Kryo for now.
     */
    public static SparkConf conf(String name) {
        return new SparkConf().setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "dpnet " + name)
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.kryo.registrator", "io.dpnet.spark.DpnetKryoRegistrator");
    }
}
