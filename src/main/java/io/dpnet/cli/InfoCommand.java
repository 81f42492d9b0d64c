package io.dpnet.cli;

import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import io.dpnet.report.ModelSummary;
import io.dpnet.report.RunDirectory;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Describes a saved model: architecture (layers, activations, loss), parameter count,",
            "training config, dataset checksums, final metrics and provenance. Needs no Spark."})
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A model directory (with model.json), or a run directory written by train (uses DIR/model).")
    String model;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        String dir = modelDir(hadoop, model);
        SavedModel saved = ModelIo.load(hadoop, dir);
        System.out.print(ModelSummary.format(dir, saved));
        return 0;
    }

    /** {@code dir} itself, or {@code dir/model} when {@code dir} is a run directory. */
    static String modelDir(Configuration hadoop, String dir) throws java.io.IOException {
        Path p = new Path(dir);
        var fs = p.getFileSystem(hadoop);
        Path nested = new Path(p, RunDirectory.MODEL_DIR);
        if (!fs.exists(new Path(p, "model.json")) && fs.exists(new Path(nested, "model.json"))) {
            return nested.toString();
        }
        return dir;
    }
}
