package io.dpnet.ml;

import io.dpnet.model.ModelTask;
import io.dpnet.model.NumericColumn;
import io.dpnet.model.SavedModel;
import io.dpnet.model.TabularInput;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.spark.train.BlockTrainResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A block network trained on a DataFrame as a {@link SavedModel} ({@code model.json} v2): the
 * input block, the task, the tables, and the metadata every dpnet model records. The numeric
 * {@code featuresCol} vector is recorded as one unstandardized column per element,
 * {@code <featuresCol>_<i>}, the names the engine read them under; categorical and token columns
 * hold integer ids (no string vocabulary: the Pipeline's own indexers own the mapping).
 */
final class BlockModelFiles {
    private BlockModelFiles() {
    }

    static SavedModel classification(BlockFrameTrainer.Trained t, BlockInputs in, String labelCol,
            float[] classWeights) {
        return saved(t, in, ModelTask.classification(labelCol, in.weightCol(), classWeights));
    }

    static SavedModel regression(BlockFrameTrainer.Trained t, BlockInputs in, String labelCol, RegressionLoss loss) {
        return saved(t, in, ModelTask.regression(labelCol, in.weightCol(), loss));
    }

    private static SavedModel saved(BlockFrameTrainer.Trained t, BlockInputs in, ModelTask task) {
        BlockTrainResult r = t.result();
        List<NumericColumn> numeric = new ArrayList<>();
        for (int i = 0; i < in.spec().numericCount(); i++) {
            numeric.add(NumericColumn.raw(in.featuresCol() + "_" + i));
        }
        TabularInput tabular = new TabularInput(r.inputs(), numeric, null, null);
        return SavedModel.builder(r.dense(), r.params().dense())
                .block(tabular, task, r.params().tables())
                .trainingConfig(t.trainingConfig())
                .metrics(t.metrics())
                .provenance(t.provenance())
                .build();
    }
}
