package io.dpnet.run;

import io.dpnet.report.MisclassifiedFile;
import io.dpnet.report.ReportWriter;
import io.dpnet.report.RunDirectory;

import io.dpnet.nn.ModelSpec;
import io.dpnet.eval.Misclassification;
import io.dpnet.spark.score.MisclassifiedSearch;
import io.dpnet.spark.input.ShardedData;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The end-of-training report in one call, for {@code dpnet train}: finds the most confidently
 * misclassified test images on the cluster, writes {@code misclassified.json}, then writes the
 * report from the run directory ({@link ReportWriter}).
 */
public final class RunReport {
    /** Images in the report's misclassified grid: three rows of eight. */
    public static final int DEFAULT_TOP_K = 24;

    private RunReport() {
    }

    /**
     * Call after {@code model/}, {@code metrics.jsonl} and {@code eval.json} are written.
     *
     * @param test the test set as loaded for evaluation
     * @param rows image height of the test set ({@code IdxDataset.rows()})
     * @param cols image width ({@code IdxDataset.cols()}); {@code rows × cols} must equal the features
     * @return the path of {@code report.html}
     */
    public static String write(JavaSparkContext sc, Configuration conf, String runDir, ShardedData test, int rows,
                               int cols, ModelSpec spec, float[] params, String kernel, int treeDepth)
            throws IOException {
        writeMisclassified(sc, conf, runDir, test, rows, cols, spec, params, kernel, treeDepth, DEFAULT_TOP_K);
        return ReportWriter.write(conf, runDir);
    }

    /** Finds the top {@code k} confident mistakes and writes {@code runDir/misclassified.json}. */
    public static List<Misclassification> writeMisclassified(JavaSparkContext sc, Configuration conf, String runDir,
                                                             ShardedData test, int rows, int cols, ModelSpec spec,
                                                             float[] params, String kernel, int treeDepth, int k)
            throws IOException {
        if ((long) rows * cols != test.features()) {
            throw new IllegalArgumentException("images of " + rows + "x" + cols + " do not match the test set's "
                    + test.features() + " features");
        }
        List<Misclassification> found = MisclassifiedSearch.find(sc, test, spec, params, kernel, k, treeDepth);
        MisclassifiedFile.write(conf, RunDirectory.resolve(runDir, RunDirectory.MISCLASSIFIED), found, rows, cols);
        return found;
    }
}
