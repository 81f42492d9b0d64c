package io.dpnet.cli;

import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/**
 * {@code --spark-logs}: Spark's own INFO logging back on. dpnet keeps Spark at WARN by default
 * (conf/log4j2.properties) so the progress line stays readable.
 */
final class SparkLogsOption {
    @Option(names = "--spark-logs", description = "Show Spark's INFO logging (off by default).")
    boolean enabled;

    void apply(JavaSparkContext sc) {
        if (enabled) {
            sc.setLogLevel("INFO");
        }
    }
}
