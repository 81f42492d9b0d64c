package io.dpnet.ml;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkBuildInfo;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** The Hadoop configuration and Spark version of the running session, if there is one. */
final class ActiveSpark {
    private ActiveSpark() {
    }

    /**
     * The session's Hadoop configuration (so {@code hdfs://} and cluster settings apply), or a
     * default one when no session runs — a dpnet model directory can be read without Spark.
     */
    static Configuration hadoopConf() {
        Option<SparkSession> session = session();
        return session.isDefined() ? session.get().sparkContext().hadoopConfiguration() : new Configuration();
    }

    static String sparkVersion() {
        return SparkBuildInfo.spark_version();
    }

    private static Option<SparkSession> session() {
        Option<SparkSession> active = SparkSession.getActiveSession();
        return active.isDefined() ? active : SparkSession.getDefaultSession();
    }
}
