package io.dpnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    @Test
    void matchesKnownDigests() throws IOException {
        // FIPS 180-2 test vectors.
        assertThat(Sha256.ofFile(CONF, IdxTestFiles.write(dir, "abc", "abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.ofFile(CONF, IdxTestFiles.write(dir, "empty", new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void digestsFilesLargerThanTheBuffer() throws IOException {
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');

        assertThat(Sha256.ofFile(CONF, IdxTestFiles.write(dir, "a", million)))
                .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void missingFileNamesThePath() {
        String path = dir.resolve("missing").toString();

        assertThatThrownBy(() -> Sha256.ofFile(CONF, path))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(path);
    }
}
