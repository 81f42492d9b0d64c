package io.dpnet.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Turns a byte offset in a text file into a 1-based line number. Hadoop's text input gives a line's
 * byte offset, not its number, and a split that starts mid-file cannot know how many lines came
 * before it; counting the newlines up to the offset is only done for an error message, so it may
 * read the file's start once.
 */
public final class LineLocator {
    private LineLocator() {
    }

    public static long lineAt(Configuration conf, String path, long offset) throws IOException {
        Path p = new Path(path);
        long line = 1;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            byte[] buf = new byte[1 << 16];
            long pos = 0;
            while (pos < offset) {
                int got = in.read(buf, 0, (int) Math.min(buf.length, offset - pos));
                if (got < 0) {
                    break;
                }
                for (int i = 0; i < got; i++) {
                    if (buf[i] == '\n') {
                        line++;
                    }
                }
                pos += got;
            }
        }
        return line;
    }
}
