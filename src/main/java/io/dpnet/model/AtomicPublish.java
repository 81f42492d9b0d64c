package io.dpnet.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes an output (a file or a whole directory) so that readers see either nothing, the old
 * version, or the complete new one — never a half-written result.
 *
 * <p>The output is written to a sibling {@code <name>.tmp-<random>} in the same parent (so the
 * final rename stays within one file system and is atomic on HDFS and local disks), then renamed
 * to its final name. On any failure the temp sibling is deleted.
 *
 * <p>Replacing an existing output is best effort: the old one is deleted and then the new one is
 * renamed into place, so between the two steps (or if the process dies there) nothing exists at
 * the target; the new output then survives only as the temp sibling. Hadoop's {@code FileSystem}
 * has no public atomic replace. Concurrent writers to the same target are not supported.
 */
public final class AtomicPublish {
    /** Produces the output at {@code tmp} (a path that does not exist yet) on {@code fs}. */
    @FunctionalInterface
    public interface Writer {
        void write(FileSystem fs, Path tmp) throws IOException;
    }

    private AtomicPublish() {
    }

    /**
     * Publishes the file {@code target} (any Hadoop path: {@code hdfs://}, {@code file://} or
     * plain). With {@code overwrite}, only an existing file is replaced, never a directory.
     *
     * @throws FileAlreadyExistsException "{@code <target> already exists (pass --overwrite to
     *     replace it)}" if the target exists and {@code overwrite} is false, or "{@code <target>
     *     is a directory; refusing to replace it with a file}"
     */
    public static void publishFile(Configuration conf, String target, boolean overwrite, Writer writer)
            throws IOException {
        publish(conf, target, overwrite, writer, (fs, existing) -> {
            if (!existing.isFile()) {
                throw new FileAlreadyExistsException(target + " is a directory; refusing to replace it with a file");
            }
        });
    }

    /**
     * Publishes the directory {@code target}. With {@code overwrite}, only an empty directory or
     * one containing {@code marker} (e.g. {@code model.json}) is replaced: a mistyped path must
     * not make us recursively delete an unrelated directory.
     *
     * @throws FileAlreadyExistsException as {@link #publishFile}, or "{@code <target> exists but
     *     has no <marker>; refusing to replace it}"
     */
    public static void publishDirectory(Configuration conf, String target, boolean overwrite, String marker,
            Writer writer) throws IOException {
        publish(conf, target, overwrite, writer, (fs, existing) -> {
            Path dir = existing.getPath();
            boolean ours = existing.isDirectory()
                    && (fs.exists(new Path(dir, marker)) || fs.listStatus(dir).length == 0);
            if (!ours) {
                throw new FileAlreadyExistsException(target + " exists but has no " + marker
                        + "; refusing to replace it");
            }
        });
    }

    /** Vetoes deleting an existing target (by throwing) that is not the kind of output we write. */
    @FunctionalInterface
    private interface ReplaceCheck {
        void check(FileSystem fs, FileStatus existing) throws IOException;
    }

    private static void publish(Configuration conf, String target, boolean overwrite, Writer writer,
            ReplaceCheck replaceCheck) throws IOException {
        Path dst = new Path(target);
        Path parent = dst.getParent();
        if (parent == null) {
            throw new IOException(target + ": cannot write to a file system root");
        }
        FileSystem fs = fileSystem(conf, dst);
        // Checked up front too, so a doomed write fails before doing any work.
        mayReplace(fs, dst, target, overwrite, replaceCheck);
        Path tmp = new Path(parent, dst.getName() + ".tmp-" + UUID.randomUUID());
        try {
            writer.write(fs, tmp);
            if (mayReplace(fs, dst, target, overwrite, replaceCheck) && !fs.delete(dst, true)) {
                throw new IOException("could not delete " + target + " to replace it");
            }
            if (!fs.rename(tmp, dst)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
        } catch (Throwable t) {
            try {
                fs.delete(tmp, true);
            } catch (IOException | RuntimeException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
    }

    /**
     * The file system holding {@code path}, minus Hadoop's client-side checksum layer. That layer
     * writes {@code .crc} side files on local disks and fails reads when they go stale — e.g. after
     * a hand edit of {@code model.json} in a directory copied with {@code hadoop fs -get}. dpnet
     * already protects the weights with their sha256.
     */
    static FileSystem fileSystem(Configuration conf, Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** Returns whether {@code dst} exists (and may be replaced); throws if it may not. */
    private static boolean mayReplace(FileSystem fs, Path dst, String label, boolean overwrite,
            ReplaceCheck replaceCheck) throws IOException {
        FileStatus existing;
        try {
            existing = fs.getFileStatus(dst);
        } catch (FileNotFoundException e) {
            return false;
        }
        if (!overwrite) {
            throw new FileAlreadyExistsException(label + " already exists (pass --overwrite to replace it)");
        }
        replaceCheck.check(fs, existing);
        return true;
    }
}
