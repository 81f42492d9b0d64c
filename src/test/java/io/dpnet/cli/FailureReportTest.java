package io.dpnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one console line of a failed command, and when the full trace goes to a file it names. */
class FailureReportTest {
    @TempDir
    Path dir;

    @Test
    void aUserErrorWithNothingBehindItIsJustItsLine() throws IOException {
        FailureReport.Report r = FailureReport.of(new ConfigException("batchSize must be a positive integer, got 0"),
                "train", dir);
        assertThat(r.line()).isEqualTo("dpnet: error: batchSize must be a positive integer, got 0");
        assertThat(r.traceFile()).isNull();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aUserErrorFromASparkJobNamesTheFileHoldingTheWholeChain() throws IOException {
        IOException cause = new IOException("/data/x.libsvm: line 4: feature index 0 is not ≥ 1");
        SparkException wrapped = new SparkException("Job aborted due to stage failure", cause);
        FailureReport.Report r = FailureReport.of(wrapped, "train", dir);
        assertThat(r.traceFile()).isNotNull().hasParent(dir);
        assertThat(r.traceFile().getFileName().toString())
                .matches("dpnet-train-\\d{8}-\\d{6}-" + ProcessHandle.current().pid() + "\\.log");
        assertThat(r.line()).isEqualTo("dpnet: error: /data/x.libsvm: line 4: feature index 0 is not ≥ 1 "
                + "(full trace in " + r.traceFile() + ")");
        String trace = Files.readString(r.traceFile());
        assertThat(trace).startsWith("dpnet train failed at ")
                .contains("org.apache.spark.SparkException: Job aborted due to stage failure\n\tat ")
                .contains("Caused by: java.io.IOException: /data/x.libsvm: line 4: feature index 0 is not ≥ 1");
    }

    @Test
    void anUnexpectedFailureSaysSoAndKeepsItsTrace() throws IOException {
        FailureReport.Report r = FailureReport.of(new NullPointerException("params"), "evaluate", dir);
        assertThat(r.line()).isEqualTo("dpnet: error: unexpected java.lang.NullPointerException: params "
                + "(full trace in " + r.traceFile() + ")");
        assertThat(Files.readString(r.traceFile())).contains("java.lang.NullPointerException: params\n\tat ");
    }

    @Test
    void twoFailuresInOneSecondGetTwoFiles() {
        RuntimeException e = new IllegalStateException("boom");
        Path first = FailureReport.of(e, "predict", dir).traceFile();
        Path second = FailureReport.of(e, "predict", dir).traceFile();
        assertThat(first).isNotEqualTo(second);
        assertThat(first).exists();
        assertThat(second).exists();
    }

    @Test
    void whenNoFileCanBeWrittenTheTraceGoesToTheConsole() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        FailureReport.Report r = FailureReport.of(new IllegalStateException("boom"), "train", notADirectory);
        assertThat(r.traceFile()).isNull();
        assertThat(r.line()).startsWith("dpnet: error: unexpected java.lang.IllegalStateException: boom (could not "
                + "write a trace file: ").contains("\njava.lang.IllegalStateException: boom\n\tat ");
    }
}
