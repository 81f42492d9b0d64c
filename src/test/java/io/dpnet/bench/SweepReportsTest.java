package io.dpnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partitions sweep, the cluster run's metrics and the local-SGD table, on hand-made runs. */
class SweepReportsTest {
    /** A dpnet part as DpnetBenchRun writes it: per-epoch points and the run's config. */
    private static BenchPart part(String variant, int partitions, String sync, int k, double... accuracy) {
        BenchPart p = new BenchPart("dpnet", variant, "adam cosine, batch 256", "epoch", 1000);
        for (int e = 0; e < accuracy.length; e++) {
            p.point(e + 1, 2.0 + 1.5 * e, 100L * (e + 1), accuracy[e], Double.NaN);
        }
        p.info.put("partitions", partitions);
        p.info.put("batchSize", 256);
        p.info.put("stepsPerEpoch", 10);
        ObjectNode cfg = p.info.putObject("config");
        cfg.put("sync", sync);
        cfg.put("sync.localSteps", Integer.toString(k));
        return p;
    }

    private static JsonNode derived(BenchPart p) {
        p.root.set("derived", BenchReport.derive(p.root));
        return p.root;
    }

    @Test
    void timePerStepLeavesTheFirstEpochOut() {
        // Epochs end at 2.0, 3.5, 5.0 s: epochs 2-3 take 3.0 s for 2 x 10 steps.
        JsonNode d = BenchReport.derive(part("a", 2, "sync", 1, 0.9, 0.95, 0.97).root);
        assertThat(d.get("secondsPerStep").asDouble()).isCloseTo(0.15, within(1e-12));
        assertThat(BenchReport.msPerStep(d)).isEqualTo("150.0");
        assertThat(BenchReport.msPerStep(BenchReport.derive(part("b", 2, "sync", 1, 0.9).root)))
                .as("one epoch: no steady state to measure").isEqualTo("-");
    }

    @Test
    void partitionsSweepReportsEveryPInOrderAndTheAccuracySpread() {
        List<JsonNode> sweep = List.of(derived(part("partitions-P8", 8, "sync", 1, 0.97, 0.9812)),
                derived(part("partitions-P1", 1, "sync", 1, 0.97, 0.9815)),
                derived(part("partitions-P2", 2, "sync", 1, 0.97, 0.9810)));
        assertThat(PartitionSweep.isSweep(sweep.get(0))).isTrue();
        assertThat(PartitionSweep.isSweep(part("default", 2, "sync", 1, 0.9).root)).isFalse();
        assertThat(PartitionSweep.spreadPoints(sweep)).isCloseTo(0.05, within(1e-9));
        ObjectNode node = BenchPart.JSON.createObjectNode();
        String table = PartitionSweep.table(sweep, node);
        assertThat(node.get("runs")).extracting(r -> r.get("partitions").asInt()).containsExactly(1, 2, 8);
        assertThat(node.get("finalAccuracySpreadPoints").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(table).contains("final accuracy spread across P: 0.05 points");
        assertThat(PartitionSweep.markdown(sweep)).contains("| 1 | 98.15% | 3.5 | 3.5 | 150.0 |");
    }

    @Test
    void clusterMetricsBecomeAPartWithCumulativeSamples() throws Exception {
        List<String> metrics = List.of(
                "{\"epoch\":1,\"steps\":235,\"testAccuracy\":0.96,\"samplesPerSecond\":6000.0,\"epochSeconds\":10.0,"
                        + "\"elapsedSeconds\":10.0,\"mathSeconds\":1.0}",
                "",
                "{\"epoch\":2,\"steps\":235,\"testAccuracy\":0.975,\"samplesPerSecond\":12000.0,\"epochSeconds\":5.0,"
                        + "\"elapsedSeconds\":15.0,\"mathSeconds\":0.5}");
        BenchPart p = MetricsToPart.convert(metrics, "cluster-sync", "on the cluster", 1000);
        JsonNode points = p.root.get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(1).get("samples").asLong()).isEqualTo(120_000);
        assertThat(points.get(1).get("mathSeconds").asDouble()).isEqualTo(1.5);
        JsonNode d = BenchReport.derive(p.root);
        assertThat(d.get("secondsPerStep").asDouble()).isCloseTo(5.0 / 235, within(1e-12));
        assertThat(d.get("finalAccuracy").asDouble()).isEqualTo(0.975);
    }

    @Test
    void localSgdCellsAreComparedWithTheSynchronousRunAtTheSameBatch(@TempDir Path dir) throws Exception {
        part("sync-P2", 2, "sync", 1, 0.97, 0.9835).write(dir.resolve("s.json").toString());
        part("local-P2-k32", 2, "average", 32, 0.97, 0.9832).write(dir.resolve("a.json").toString());
        part("local-P16-k32", 16, "average", 32, 0.96, 0.9761).write(dir.resolve("b.json").toString());
        BenchPart rule = part("post1-P16-k32", 16, "average", 32, 0.97, 0.9830);
        rule.info.put("syncEpochs", 1);
        rule.write(dir.resolve("c.json").toString());
        LocalSgdTable.main(new String[] {"--out", dir.resolve("local-sgd.json").toString(), "--machine", "test",
            dir.resolve("s.json").toString(), dir.resolve("a.json").toString(), dir.resolve("b.json").toString(),
            dir.resolve("c.json").toString()});
        String md = Files.readString(dir.resolve("local-sgd.md"));
        assertThat(md).contains("| P=2 | 98.32% (−0.03) · 4 s |").contains("| P=16 | 97.61% (−0.74) · 4 s |");
        assertThat(md).contains("| post1-P16-k32 (first 1 epoch synchronous) | 16 | average | 32 | 512 | 98.30% | −0.05 |");
        JsonNode json = BenchPart.JSON.readTree(dir.resolve("local-sgd.json").toFile());
        JsonNode p16 = json.get("runs").get(2);
        assertThat(p16.get("reference").asText()).isEqualTo("sync-P2");
        assertThat(p16.get("pointsVsReference").asDouble()).isCloseTo(-0.74, within(1e-9));
        assertThat(p16.get("samplesBetweenAverages").asDouble()).isEqualTo(512.0);
    }
}
