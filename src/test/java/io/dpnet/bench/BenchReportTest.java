package io.dpnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived figures of the benchmark report, on hand-made runs. */
class BenchReportTest {
    private static BenchPart run(String variant) {
        BenchPart p = new BenchPart("dpnet", variant, "test run", "epoch", 1000);
        p.point(1, 2.0, 100, 0.95, 1.0);
        p.point(2, 3.0, 200, 0.971, 1.5);
        p.point(3, 5.0, 300, 0.969, 2.0);
        return p;
    }

    @Test
    void timeToATargetIsTheFirstEvaluationAtOrAboveIt() {
        JsonNode d = BenchReport.derive(run("a").root);
        assertThat(d.get("secondsTo96.4").asDouble()).isEqualTo(3.0);
        assertThat(d.get("secondsTo97.0").asDouble()).isEqualTo(3.0);
        assertThat(d.get("secondsTo98.0").isNull()).isTrue();
        assertThat(d.get("finalAccuracy").asDouble()).isEqualTo(0.969);
        assertThat(d.get("bestAccuracy").asDouble()).isEqualTo(0.971);
        assertThat(d.get("totalSeconds").asDouble()).isEqualTo(5.0);
    }

    @Test
    void throughputFlopsAndTimeOutsideMath() {
        JsonNode d = BenchReport.derive(run("a").root);
        assertThat(d.get("samplesPerSecond").asDouble()).isEqualTo(60.0);
        // 6 flops per parameter per sample: 6 * 1000 * 300 / 5 s
        assertThat(d.get("gflops").asDouble()).isCloseTo(360_000 / 1e9, within(1e-15));
        assertThat(d.get("outsideMathShare").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(d.get("lastSamplesPerSecond").asDouble()).isEqualTo(50.0);
    }

    @Test
    void mainWritesJsonAndMarkdownWithScaling(@TempDir Path dir) throws Exception {
        run("default").write(dir.resolve("a.json").toString());
        BenchPart one = run("throughput-local1");
        one.info.put("master", "local[1]");
        one.write(dir.resolve("t1.json").toString());
        BenchPart two = new BenchPart("dpnet", "throughput-local2", "test run", "epoch", 1000);
        two.info.put("master", "local[2]");
        two.point(1, 1.0, 100, Double.NaN, Double.NaN); // not evaluated: written as null
        two.point(2, 2.0, 200, 0.9, Double.NaN);
        two.write(dir.resolve("t2.json").toString());
        BenchReport.main(new String[] {"--out", dir.resolve("bench.json").toString(),
            dir.resolve("a.json").toString(), dir.resolve("t1.json").toString(), dir.resolve("t2.json").toString(),
            dir.resolve("missing.json").toString()});
        assertThat(Files.readString(dir.resolve("t2.json"))).contains("\"testAccuracy\" : null");
        JsonNode bench = BenchPart.JSON.readTree(dir.resolve("bench.json").toFile());
        assertThat(bench.get("runs")).hasSize(1);
        // local[1]: 50 samples/s in its last epoch, local[2]: 100 -> speedup 2, efficiency 100%
        assertThat(bench.get("scaling").get("speedup").asDouble()).isEqualTo(2.0);
        assertThat(bench.get("scaling").get("parallelEfficiency").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(dir.resolve("bench.md"))).contains("| dpnet default (test run) | 3 | 5.0 | 96.90% |");
    }
}
