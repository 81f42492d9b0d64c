package io.dpnet.model;

import io.dpnet.nn.Activation;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.embed.EmbeddingTables;

/** The consistency rules of a block model, shared by {@link SavedModel} and the v2 reader. */
final class BlockModels {
    private BlockModels() {
    }

    static void check(ModelSpec spec, TabularInput tabular, ModelTask task, EmbeddingTables tables) {
        if (spec.inputSize() != tabular.block().width()) {
            throw new IllegalArgumentException("the dense stack takes " + spec.inputSize()
                    + " inputs but the input block produces " + tabular.block().width() + " (" + tabular + ")");
        }
        if (!tables.spec().equals(tabular.block())) {
            throw new IllegalArgumentException("the embedding tables are for " + tables.spec() + ", not for "
                    + tabular.block());
        }
        Activation.Kind out = spec.output().activation().kind();
        if (task.isRegression() && out != Activation.Kind.LINEAR) {
            throw new IllegalArgumentException("a regression model needs a linear output layer, got "
                    + spec.output().activation());
        }
        if (!task.isRegression() && out != Activation.Kind.SOFTMAX) {
            throw new IllegalArgumentException("a classification model needs a softmax output layer, got "
                    + spec.output().activation());
        }
        float[] cw = task.classWeights();
        if (cw != null && cw.length != spec.outputSize()) {
            throw new IllegalArgumentException(cw.length + " class weights for " + spec.outputSize() + " classes");
        }
        for (int t = 0; t < tables.count(); t++) {
            int bad = SavedModel.firstNonFinite(tables.table(t));
            if (bad >= 0) {
                throw new IllegalArgumentException("table '" + tables.spec().tableName(t) + "' entry " + bad + " is "
                        + tables.table(t)[bad] + "; a model must have finite parameters (did training diverge?)");
            }
        }
    }
}
