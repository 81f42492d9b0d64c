package io.dpnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.data.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/fetch-modeldata.sh --check DIR}: the verification the fetch script applies to its
 * export, run on a directory whose files were written here — no R needed. Every file the pinned list
 * names must be there with its sum; a changed or missing file is named with the pinned and the
 * actual SHA-256 and the check fails.
 */
class ModeldataChecksumTest {
    private static final Path SCRIPT = Path.of("scripts/fetch-modeldata.sh");
    private static final Path SUMS = Path.of("scripts/modeldata.sha256");

    /** The pinned list, in its order: file name → SHA-256. */
    private static Map<String, String> pinned() throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SUMS, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.trim().split("\\s+");
                sums.put(f[1], f[0]);
            }
        }
        return sums;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result check(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), "--check", dir.toString()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fetch-modeldata.sh --check finished").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void pinnedListNamesTheSixExportedFiles() throws IOException {
        assertThat(pinned().keySet()).containsExactly("lending_club-train.csv", "lending_club-test.csv",
                "ames-train.csv", "ames-test.csv", "fine_foods-train.csv", "fine_foods-test.csv");
        assertThat(pinned().values()).allMatch(s -> s.matches("[0-9a-f]{64}"));
    }

    @Test
    void changedAndMissingFilesAreNamedWithExpectedAndActualSums(@TempDir Path dir) throws Exception {
        Map<String, String> sums = pinned();
        List<String> names = List.copyOf(sums.keySet());
        for (String name : names) {
            Files.writeString(dir.resolve(name), "not the export of " + name + "\n");
        }
        Files.delete(dir.resolve("ames-test.csv"));
        Configuration conf = new Configuration();

        Result r = check(dir);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        StringBuilder expected = new StringBuilder();
        for (String name : names) {
            if (name.equals("ames-test.csv")) {
                expected.append("fetch-modeldata: ").append(dir).append("/ames-test.csv is missing\n");
            } else {
                expected.append("fetch-modeldata: checksum mismatch for ").append(dir).append('/').append(name)
                        .append(": expected ").append(sums.get(name))
                        .append(", got ").append(Sha256.ofFile(conf, dir.resolve(name).toString())).append('\n');
            }
        }
        assertThat(r.stderr()).isEqualTo(expected.toString());
    }

    @Test
    void oneChangedByteInAnOtherwiseVerifiedCopyFailsNamingThatFileOnly(@TempDir Path dir) throws Exception {
        Path real = ModeldataCsvTest.DIR;
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real),
                real + " is absent (scripts/fetch-modeldata.sh makes it; .ci/run does)");
        for (String name : pinned().keySet()) {
            Files.copy(real.resolve(name), dir.resolve(name));
        }
        assertThat(check(dir).exitCode()).as("an unchanged copy verifies").isZero();

        Path changed = dir.resolve("lending_club-test.csv");
        byte[] bytes = Files.readAllBytes(changed);
        bytes[bytes.length - 2] ^= 1; // the last label flips between 0 and 1
        Files.write(changed, bytes);

        Result r = check(dir);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("fetch-modeldata: checksum mismatch for " + changed + ": expected "
                + pinned().get("lending_club-test.csv") + ", got " + Sha256.ofFile(new Configuration(), changed.toString())
                + "\n");
    }
}
