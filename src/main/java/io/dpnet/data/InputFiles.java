package io.dpnet.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The data files a Hadoop path names — a file, a directory (its visible files, recursively) or a
 * glob — listed the way Hadoop's and Spark's file sources see them: names starting with
 * {@code _} or {@code .} (e.g. {@code _SUCCESS}, {@code .crc}) are not data.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The matched files in path order; at least one, else a FileNotFoundException naming the path. */
    public static List<Path> list(Configuration conf, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus s : matches(conf, pattern)) {
            collect(s.getPath().getFileSystem(conf), s, out);
        }
        if (out.isEmpty()) {
            throw new FileNotFoundException(pattern + ": no data files there (files starting with _ or . are "
                    + "ignored)");
        }
        out.sort(null);
        return out;
    }

    /** What a (possibly glob) path matches, files and directories alike, in path order. */
    public static List<FileStatus> matches(Configuration conf, String pattern) throws IOException {
        Path p = new Path(pattern);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus[] found = fs.globStatus(p);
        if (found == null || found.length == 0) {
            throw new FileNotFoundException(pattern + (isGlob(pattern) ? ": the pattern matches nothing"
                    : " does not exist"));
        }
        List<FileStatus> out = new ArrayList<>(List.of(found));
        out.sort(null);
        return out;
    }

    public static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static void collect(FileSystem fs, FileStatus s, List<Path> out) throws IOException {
        if (hidden(s.getPath())) {
            return;
        }
        if (s.isFile()) {
            out.add(s.getPath());
            return;
        }
        for (FileStatus child : fs.listStatus(s.getPath())) {
            collect(fs, child, out);
        }
    }

    private static boolean hidden(Path p) {
        String name = p.getName();
        return name.startsWith("_") || name.startsWith(".");
    }

    /** A path for messages: plain for local files, the full URI otherwise. */
    public static String display(Path p) {
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }
}
