package io.dpnet.ml;

import io.dpnet.spark.SparkContexts;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * SparkSessions for the ML tests. A JVM runs one SparkContext at a time and the other test
 * classes (and the CLI) start their own, so each class starts one in {@code @BeforeAll} and
 * stops it in {@code @AfterAll}.
 */
final class MlTestSession {
    private MlTestSession() {
    }

    /** What a Spark user typically has: default (Java) serialization, nothing dpnet-specific. */
    static SparkSession plain() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("dpnet-ml-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** dpnet's own settings (Kryo with registration required), as the CLI runs. */
    static SparkSession dpnet() {
        SparkConf conf = SparkContexts.conf("dpnet-ml-test", "local[2]")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
