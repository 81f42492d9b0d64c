package io.dpnet.run;

import io.dpnet.model.AtomicPublish;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small whole-file reads and atomic writes through Hadoop's FileSystem. */
public final class RunFiles {
    private RunFiles() {
    }

    /** Writes a whole small text file atomically (temp file + rename). */
    public static void writeString(Configuration conf, String file, String content, boolean overwrite) throws IOException {
        AtomicPublish.publishFile(conf, file, overwrite, (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    public static String readString(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
