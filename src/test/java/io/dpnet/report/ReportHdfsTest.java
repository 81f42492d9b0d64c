package io.dpnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report read from and written to a run directory on a real (in-process) HDFS. */
@Tag("hdfs")
class ReportHdfsTest {
    @TempDir
    static Path base;
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String hdfs;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = new MiniDFSCluster.Builder(new Configuration(), base.resolve("dfs").toFile()).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        fs = FileSystem.newInstance(URI.create(hdfs), new Configuration());
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (fs != null) {
                fs.close();
            }
        } finally {
            if (cluster != null) {
                cluster.shutdown();
            }
        }
    }

    @Test
    void writesTheReportNextToTheRunFilesOnHdfs() throws Exception {
        Path local = base.resolve("run");
        FakeRun.write(local, false);
        String run = hdfs + "/runs/r1";
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
                new org.apache.hadoop.fs.Path(run));
        Configuration conf = new Configuration();
        MisclassifiedFile.write(conf, run + "/misclassified.json", FakeRun.samples(), FakeRun.SIDE, FakeRun.SIDE);

        assertThat(ReportWriter.write(conf, run)).isEqualTo(run + "/report.html");
        // Twice: the second write replaces the first through the same atomic renames.
        ReportWriter.write(conf, run);

        String html;
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(run + "/report.html"))) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(html).contains("<h1>Training report</h1>").contains(run).contains("true 0 → predicted 1 (99.0%)");
        FileStatus[] pngs = fs.listStatus(new org.apache.hadoop.fs.Path(run + "/report"));
        assertThat(Arrays.stream(pngs).map(s -> s.getPath().getName())).containsExactlyInAnyOrder("loss.png",
                "accuracy.png", "learning-rate.png", "confusion.png", "misclassified.png");
        assertThat(Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(run))).map(s -> s.getPath().getName()))
                .as("no temporary siblings left").containsExactlyInAnyOrder("model", "metrics.jsonl", "eval.json",
                        "misclassified.json", "report.html", "report");
    }
}
