package io.dpnet.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small whole-file writes through Hadoop's FileSystem, atomic by write-to-temp-then-rename. */
final class RunFiles {
    private RunFiles() {
    }

    static void writeString(Configuration conf, String file, String content, boolean overwrite) throws IOException {
        Path target = new Path(file);
        FileSystem fs = target.getFileSystem(conf);
        if (fs.exists(target) && !overwrite) {
            throw new IOException(target + " already exists (pass --overwrite to replace it)");
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    static String readString(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
