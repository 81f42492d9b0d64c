package io.dpnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One application's Spark event log, as a child JVM writes it with
 * {@link #jvmOptions(Path)}: what Spark itself recorded about memory, stages, input bytes and
 * cached blocks — the figures a user sees in the history server, not dpnet's own account.
 */
public final class SparkEventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Long> storageMemory = new ArrayList<>();
    /** Stage id → names of the RDDs the stage computes or reads. */
    private final Map<Integer, List<String>> stageRdds = new TreeMap<>();
    /** Stage id → input bytes its tasks read (Spark's input metrics). */
    private final Map<Integer, Long> stageInputBytes = new HashMap<>();
    private final Map<Integer, String> rddNames = new HashMap<>();
    /** Block id (rdd_R_P) → its largest memory and disk sizes in any update. */
    private final Map<String, long[]> rddBlocks = new HashMap<>();
    private int jobs;

    /**
     * The system properties (SparkConf reads {@code spark.*} ones) that make Spark write an
     * uncompressed, unrolled event log with every block update into {@code dir}.
     */
    public static List<String> jvmOptions(Path dir) {
        return List.of("-Dspark.eventLog.enabled=true", "-Dspark.eventLog.compress=false",
                "-Dspark.eventLog.rolling.enabled=false", "-Dspark.eventLog.logBlockUpdates.enabled=true",
                "-Dspark.eventLog.dir=" + dir.toUri());
    }

    /** Reads the one application log in {@code dir}. */
    public static SparkEventLog read(Path dir) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
        assertThat(logs).as("one finished application log in %s", dir).hasSize(1)
                .noneMatch(f -> f.toString().endsWith(".inprogress"));
        SparkEventLog log = new SparkEventLog();
        try (BufferedReader in = Files.newBufferedReader(logs.get(0), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.add(JSON.readTree(line));
            }
        }
        return log;
    }

    private void add(JsonNode e) {
        switch (e.path("Event").asText()) {
            case "SparkListenerBlockManagerAdded" -> storageMemory.add(e.path("Maximum Memory").asLong());
            case "SparkListenerJobStart" -> jobs++;
            case "SparkListenerStageSubmitted" -> {
                JsonNode stage = e.path("Stage Info");
                List<String> names = new ArrayList<>();
                for (JsonNode rdd : stage.path("RDD Info")) {
                    names.add(rdd.path("Name").asText());
                    rddNames.put(rdd.path("RDD ID").asInt(), rdd.path("Name").asText());
                }
                stageRdds.put(stage.path("Stage ID").asInt(), names);
            }
            case "SparkListenerTaskEnd" -> stageInputBytes.merge(e.path("Stage ID").asInt(),
                    e.path("Task Metrics").path("Input Metrics").path("Bytes Read").asLong(), Long::sum);
            case "SparkListenerBlockUpdated" -> {
                JsonNode info = e.path("Block Updated Info");
                String block = info.path("Block ID").asText();
                if (block.startsWith("rdd_")) {
                    long[] max = rddBlocks.computeIfAbsent(block, b -> new long[2]);
                    max[0] = Math.max(max[0], info.path("Memory Size").asLong());
                    max[1] = Math.max(max[1], info.path("Disk Size").asLong());
                }
            }
            default -> {
            }
        }
    }

    /** Each block manager's storage memory as it registered ("Maximum Memory"): one entry per JVM. */
    public List<Long> storageMemory() {
        return storageMemory;
    }

    public int jobs() {
        return jobs;
    }

    /** The ids, in order, of the stages that compute or read an RDD named {@code rddName}. */
    public List<Integer> stagesReading(String rddName) {
        return stageRdds.entrySet().stream().filter(s -> s.getValue().contains(rddName)).map(Map.Entry::getKey)
                .toList();
    }

    /** Spark's input bytes summed over the tasks of {@code stages}. */
    public long inputBytes(List<Integer> stages) {
        return stages.stream().mapToLong(s -> stageInputBytes.getOrDefault(s, 0L)).sum();
    }

    /**
     * Bytes of cached RDD blocks by RDD name: each block's largest size (memory plus disk) in any
     * update, summed over the RDD's blocks.
     */
    public Map<String, Long> cachedBytesByRdd() {
        Map<String, Long> out = new TreeMap<>();
        rddBlocks.forEach((block, max) -> {
            int rdd = Integer.parseInt(block.split("_")[1]);
            out.merge(rddNames.getOrDefault(rdd, "rdd " + rdd), max[0] + max[1], Long::sum);
        });
        return out;
    }

    /** Bytes any cached RDD block ever had on disk. */
    public long cachedDiskBytes() {
        return rddBlocks.values().stream().mapToLong(max -> max[1]).sum();
    }
}
