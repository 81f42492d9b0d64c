package io.dpnet.cli;

import io.dpnet.data.clicklog.BayesCeiling;
import io.dpnet.data.clicklog.ClickLogSpec;
import io.dpnet.spark.SparkContexts;
import io.dpnet.spark.generate.ClickLogJob;
import io.dpnet.spark.generate.ClickLogRequest;
import io.dpnet.spark.generate.Mnist8mJob;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpnet generate-clicklog}: the generated click-log set of issue #12. A command of its own
 * rather than a mode of {@code generate}, whose options (source images, deformations) it shares
 * none of; it reuses generate's progress line, SHA256SUMS and atomic publication.
 */
@Command(name = "generate-clicklog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a click-log-like table for embedding networks: three categorical columns",
            "(user, item, site; Zipf-like popularity), three numeric columns and a binary label",
            "drawn from a known seeded rule, as Parquet parts of --rows-per-file rows. Every row is",
            "a function of (seed, row index): the same command gives the same bytes for any",
            "--partitions. Prints the SHA-256 of every file and the rule's own (Bayes-optimal)",
            "accuracy and AUC on these rows. See docs/embeddings.md."})
final class GenerateClickLogCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory (any Hadoop path), written to a temporary sibling and renamed into place.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing output directory written by generate.")
    boolean overwrite;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10000000", description = "Rows. Default: ${DEFAULT-VALUE}.")
    long rows;

    @Option(names = "--first-row", paramLabel = "K", defaultValue = "0",
            description = "Global index of the first row; rows after a training set's make a test set. Default: ${DEFAULT-VALUE}.")
    long firstRow;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "The seed of rows and rule. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000000", description = "User ids. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--items", paramLabel = "N", defaultValue = "100000", description = "Item ids. Default: ${DEFAULT-VALUE}.")
    int items;

    @Option(names = "--sites", paramLabel = "N", defaultValue = "1000", description = "Site ids. Default: ${DEFAULT-VALUE}.")
    int sites;

    @Option(names = "--rows-per-file", paramLabel = "N", defaultValue = "1000000",
            description = "Rows per Parquet part. Default: ${DEFAULT-VALUE}.")
    int rowsPerFile;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
            description = "Spark tasks (runs of whole parts); 0 = one per part. Never changes the bytes.")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master when not set by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Override
    public Integer call() throws Exception {
        ClickLogRequest request = new ClickLogRequest(out, new ClickLogSpec(seed, new int[] {users, items, sites}),
                firstRow, rows, rowsPerFile, partitions, overwrite);
        ClickLogJob.preflight(new Configuration(), request);
        PrintStream stdout = System.out;
        GenerateCommand.ProgressLine progress = new GenerateCommand.ProgressLine(stdout, System.console() != null);
        long start = System.nanoTime();
        ClickLogJob.Result result;
        try (JavaSparkContext sc = SparkContexts.create("dpnet generate-clicklog", master)) {
            result = ClickLogJob.run(sc, request, progress::update);
        }
        progress.finish();
        result.sha256().forEach((file, hex) -> stdout.println(hex + "  " + out + "/" + file));
        double seconds = (System.nanoTime() - start) / 1e9;
        BayesCeiling c = result.ceiling();
        stdout.printf(Locale.ROOT, "clicklog: %,d rows (from row %,d) in %s wall time incl. Spark start: %,.0f rows/s; set fingerprint %s (SHA-256 of %s/%s)%n",
                result.rows(), firstRow, ConsoleProgress.duration(seconds), result.rows() / seconds,
                result.fingerprint(), out, Mnist8mJob.SUMS);
        stdout.printf(Locale.ROOT, "clicklog: positive rate %.4f; distinct ids: user %,d of %,d, item %,d of %,d, site %,d of %,d%n",
                (double) c.positives() / c.rows(), c.distinctIds(0), users, c.distinctIds(1), items, c.distinctIds(2), sites);
        stdout.printf(Locale.ROOT, "clicklog: ceiling (the rule itself on these rows): accuracy %.4f (expected %.4f), AUC %.4f (±%.1g binning)%n",
                c.bayesAccuracy(), c.expectedBayesAccuracy(), c.auc(), c.aucTieBound());
        return 0;
    }
}
