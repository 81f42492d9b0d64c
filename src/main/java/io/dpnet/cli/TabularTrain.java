package io.dpnet.cli;

import io.dpnet.config.TrainConfig;
import io.dpnet.model.TabularInput;
import io.dpnet.report.ReportWriter;
import io.dpnet.run.TabularRun;
import io.dpnet.spark.SparkContexts;
import io.dpnet.train.TrainingListener;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/** {@code train} with tabular columns: the console side of {@link TabularRun}. */
final class TabularTrain {
    private TabularTrain() {
    }

    static void run(TrainConfig config, String out, SparkLogsOption sparkLogs, TrainingListener listener,
                    PrintStream console) throws Exception {
        Configuration hadoop = new Configuration();
        console.println("dpnet: tabular " + config.tabular().columns() + ", task "
                + (config.tabular().regression() ? "regression (" + config.tabular().regressionLoss() + ")"
                : "classification"));
        console.println("dpnet: " + config.optimizerSpec() + ", batch " + config.batchSize() + ", " + config.epochs()
                + " epochs, seed " + config.seed() + ", kernel " + config.kernel());
        try (JavaSparkContext sc = SparkContexts.create("dpnet train", config.master())) {
            sparkLogs.apply(sc);
            TabularRun.Outcome done = TabularRun.intoDirectory(sc, hadoop, config, out, listener,
                    (TabularInput input, String master, int partitions, double seconds) -> console.printf(
                            "dpnet: master %s, %d partitions; input block %s (fitted in %.1fs)%n", master, partitions,
                            input, seconds));
            console.println("dpnet: " + done.model().spec());
            console.printf("dpnet: test %s after %d epochs, %.1fs training; peak heap %s%n", done.testSummary(),
                    done.last().epoch(), done.last().elapsedSeconds(), PeakHeap.describe());
            String report = null;
            try {
                report = ReportWriter.write(hadoop, out);
            } catch (Exception e) {
                // The model and metrics are saved; a report failure must not fail the run.
                console.println("dpnet: warning: could not write the report (" + e + "); the model is saved, run"
                        + " 'dpnet report --run " + out + "' to retry");
            }
            console.println("dpnet: wrote " + done.modelDir() + ", " + new Path(out, "metrics.jsonl") + ", "
                    + new Path(out, "eval.json") + (report == null ? "" : ", " + report));
        }
    }
}
