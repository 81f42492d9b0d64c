package io.dpnet.report;

import static io.dpnet.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.testing.CliRun;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpnet info} and {@code dpnet report} through the real command line. */
class ReportCommandsTest {
    @TempDir
    static Path tmp;
    private static Path run;

    @BeforeAll
    static void writeRun() throws Exception {
        run = tmp.resolve("run");
        FakeRun.write(run, false);
    }

    @Test
    void infoDescribesTheModel() {
        CliRun info = run("info", "--model", run.resolve("model").toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out())
                .contains("model " + run.resolve("model"))
                .containsPattern("(?m)^ +1 +dense +16 +8 +relu +136$")
                .containsPattern("(?m)^ +2 +dense +8 +3 +softmax +27$")
                .contains("loss cross_entropy, 163 parameters")
                .containsPattern("(?m)^training config\\n")
                .containsPattern("(?m)^ +learningRate +0\\.01$")
                .containsPattern("(?m)^ +data\\.dir +/data/<mnist> & co$")
                .containsPattern("(?m)^ +t10k-images-idx3-ubyte +" + "ab".repeat(32) + "$")
                .containsPattern("(?m)^ +bestEpoch +3$")
                .containsPattern("(?m)^ +testAccuracy +0\\.9$")
                .containsPattern("(?m)^ +sparkVersion +4\\.2\\.0$")
                .containsPattern("(?m)^ +dpnetVersion +\\S+$");
        List<String> sections = List.of("architecture", "training config", "dataset checksums (sha256)",
                "final metrics", "provenance");
        int previous = -1;
        for (String s : sections) {
            int at = info.out().indexOf("\n" + s + "\n");
            assertThat(at).as(s).isGreaterThan(previous);
            previous = at;
        }
    }

    @Test
    void infoAcceptsARunDirectory() {
        CliRun info = run("info", "--model", run.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("model " + run.resolve("model")).contains("163 parameters");
    }

    @Test
    void infoNamesAMissingModel() {
        CliRun info = run("info", "--model", tmp.resolve("nope").toString());
        assertThat(info.code()).isEqualTo(2);
        assertThat(info.err()).contains("dpnet: error: " + tmp.resolve("nope") + ": model directory does not exist");
    }

    @Test
    void reportRegeneratesTheReportFromTheFiles() throws Exception {
        CliRun report = run("report", "--run", run.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("dpnet: wrote " + run.resolve("report.html"));
        assertThat(HtmlDoc.parse(run.resolve("report.html")).all("//section")).hasSizeGreaterThan(5);
        assertThat(run.resolve("report/confusion.png")).isRegularFile();
    }

    @Test
    void reportNamesAMissingRunFile() {
        CliRun report = run("report", "--run", tmp.resolve("empty").toString());
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.err()).contains("dpnet: error: " + tmp.resolve("empty").resolve("model"));
    }

    @Test
    void reportFindsMisclassifiedImagesOnSparkWhenAsked(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticIdx.write(data, "t10k", 300, FakeRun.SIDE, FakeRun.CLASSES, 9);
        Path fresh = dir.resolve("run");
        FakeRun.write(fresh, false);
        CliRun report = run("report", "--run", fresh.toString(), "--find-misclassified", "--top", "4",
                "--data", data.toString(), "--master", "local[2]");
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("misclassified.json (4 images)");
        List<MisclassifiedImage> found = MisclassifiedFile.read(new Configuration(),
                fresh.resolve("misclassified.json").toString());
        assertThat(found).hasSize(4).allSatisfy(m -> {
            assertThat(m.rows()).isEqualTo(FakeRun.SIDE);
            assertThat(m.predicted()).isNotEqualTo(m.label());
        });
        assertThat(found.get(0).confidence()).isGreaterThanOrEqualTo(found.get(3).confidence());
        assertThat(HtmlDoc.parse(fresh.resolve("report.html")).all("//section[@id='misclassified']//img")).hasSize(4);
        assertThat(fresh.resolve("report/misclassified.png")).isRegularFile();
    }
}
