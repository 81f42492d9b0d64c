package io.dpnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPublishTest {
    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();

    @Test
    void publishesAFileWithoutChecksumSideFiles() throws IOException {
        String target = tmp.resolve("out.json").toString();
        AtomicPublish.publishFile(conf, target, false, (fs, t) -> {
            try (OutputStream out = fs.create(t, false)) {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(Files.readString(Path.of(target))).isEqualTo("hello");
        assertThat(children()).containsExactly("out.json");
    }

    @Test
    void failedWriteLeavesNeitherTargetNorTempBehind() throws IOException {
        String target = tmp.resolve("model").toString();
        assertThatThrownBy(() -> AtomicPublish.publishDirectory(conf, target, false, "marker", (fs, t) -> {
            fs.mkdirs(t);
            fs.create(new org.apache.hadoop.fs.Path(t, "half-written")).close();
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(children()).isEmpty();
    }

    @Test
    void failedOverwriteKeepsTheOldOutput() throws IOException {
        Path old = Files.writeString(tmp.resolve("report.json"), "old");
        assertThatThrownBy(() -> AtomicPublish.publishFile(conf, old.toString(), true, (fs, t) -> {
            throw new IllegalStateException("bug in writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(old)).isEqualTo("old");
        assertThat(children()).containsExactly("report.json");
    }

    @Test
    void refusesAnExistingTargetBeforeWriting() throws IOException {
        Path old = Files.writeString(tmp.resolve("report.json"), "old");
        boolean[] called = {false};
        assertThatThrownBy(() -> AtomicPublish.publishFile(conf, old.toString(), false, (fs, t) -> called[0] = true))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(old + " already exists (pass --overwrite to replace it)");
        assertThat(called[0]).isFalse();
    }

    @Test
    void overwriteNeverReplacesADirectoryWithAFile() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("results"));
        Files.writeString(dir.resolve("keep.txt"), "precious");
        assertThatThrownBy(() -> AtomicPublish.publishFile(conf, dir.toString(), true, (fs, t) -> fs.create(t).close()))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(dir + " is a directory; refusing to replace it with a file");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("precious");
        assertThat(children()).containsExactly("results");
    }

    @Test
    void overwriteReplacesAnEmptyDirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        AtomicPublish.publishDirectory(conf, dir.toString(), true, "marker", (fs, t) -> {
            fs.mkdirs(t);
            fs.create(new org.apache.hadoop.fs.Path(t, "marker")).close();
        });
        assertThat(Files.exists(dir.resolve("marker"))).isTrue();
    }

    private List<String> children() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
