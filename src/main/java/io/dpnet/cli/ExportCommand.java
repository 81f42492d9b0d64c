package io.dpnet.cli;

import io.dpnet.export.OnnxExport;
import io.dpnet.export.OutputHead;
import io.dpnet.model.ModelIo;
import io.dpnet.model.SavedModel;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a saved model as a standard ONNX file (opset " + OnnxExport.OPSET + ") that any",
            "ONNX runtime serves. Input: features float32 [N, inputs], scaled as dpnet reads",
            "them (MNIST: pixel/255). Outputs: a classifier has probabilities float32",
            "[N, classes] and label int64 [N] (what predict writes); a regressor has",
            "prediction float32 [N, outputs]. The model's config, data checksums, metrics",
            "and provenance are in the file's metadata. Needs no Spark. See docs/export.md."})
final class ExportCommand implements Callable<Integer> {
    /** The formats export writes; picocli rejects anything else with the list. */
    enum Format { onnx }

    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A model directory (with model.json), or a run directory written by train (uses DIR/model).")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx",
            description = "The file format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write (any Hadoop path).")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing file.")
    boolean overwrite;

    @Option(names = "--head", paramLabel = "HEAD", defaultValue = "auto",
            description = {"classifier, regressor, or auto: regressor for a linear output trained with mse, "
                    + "else classifier. Default: ${DEFAULT-VALUE}."})
    String head;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = new Configuration();
        // The same load (and so the same errors for a malformed directory) as evaluate and info.
        String dir = InfoCommand.modelDir(hadoop, model);
        SavedModel saved = ModelIo.load(hadoop, dir);
        OutputHead outputHead = head.equals("auto") ? OutputHead.of(saved.spec()) : OutputHead.parse(head);
        long bytes = OnnxExport.write(hadoop, new OnnxExport.Request(saved, outputHead, out, overwrite));
        System.out.printf("dpnet: wrote %s (ONNX opset %d, %s, outputs %s; %,d bytes)%n", out, OnnxExport.OPSET,
                outputHead, String.join(", ", outputHead.outputNames()), bytes);
        return 0;
    }
}
