package io.dpnet.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The file names inside a training run directory (see docs/outputs.md), and whole-file reads. */
public final class RunDirectory {
    public static final String MODEL_DIR = "model";
    public static final String METRICS = "metrics.jsonl";
    public static final String EVAL = "eval.json";
    public static final String MISCLASSIFIED = "misclassified.json";
    public static final String REPORT_HTML = "report.html";
    /** The report's charts as separate PNG files. */
    public static final String REPORT_DIR = "report";

    private RunDirectory() {
    }

    /** {@code runDir/name} as a string path (keeps the scheme: {@code hdfs://...}). */
    public static String resolve(String runDir, String name) {
        return new Path(runDir, name).toString();
    }

    static boolean exists(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        return p.getFileSystem(conf).exists(p);
    }

    /**
     * The whole file, with "file not found" worded for the user: a run directory that is missing
     * one of train's outputs is the usual mistake here.
     */
    static byte[] read(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(file + ": file not found (is this a directory written by"
                    + " 'dpnet train --out'?)");
        }
    }
}
