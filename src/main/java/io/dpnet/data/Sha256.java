package io.dpnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** SHA-256 of a file's stored bytes (compressed bytes for a .gz), streamed through Hadoop's FileSystem. */
public final class Sha256 {
    private Sha256() {
    }

    /**
     * @return the lowercase hex digest, as printed by {@code sha256sum}
     * @throws java.io.FileNotFoundException if the file does not exist (Hadoop's message names it)
     */
    public static String ofFile(Configuration conf, String path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        Path p = new Path(path);
        byte[] buf = new byte[IdxInput.BUFFER_SIZE];
        try (InputStream in = p.getFileSystem(conf).open(p, buf.length)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                digest.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
