package io.dpnet.report;

import java.util.List;

/**
 * What {@code eval.json} says about the final model on the test set.
 *
 * @param meanLogLoss NaN when the model has no softmax output
 * @param confusion counts {@code [actual][predicted]}
 */
public record EvalSummary(double accuracy, double meanLogLoss, long count, double macroF1,
                          List<ClassScores> perClass, long[][] confusion) {
    /** One row of the per-class table. */
    public record ClassScores(int classIndex, double precision, double recall, double f1, long support) {
    }

    public int classes() {
        return confusion.length;
    }
}
