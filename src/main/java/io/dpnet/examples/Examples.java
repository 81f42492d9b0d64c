package io.dpnet.examples;

import org.apache.spark.SparkConf;

/** What the example programs share. */
final class Examples {
    private Examples() {
    }

    /** spark-submit's --master and --name win; run directly, it is local Spark on every core. */
    static SparkConf conf(String name) {
        return new SparkConf().setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "dpnet " + name)
                .setIfMissing("spark.ui.showConsoleProgress", "false");
    }
}
