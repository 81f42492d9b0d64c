package io.dpnet.eval;

import io.dpnet.eval.ConfusionMatrix;

/** Per-partition evaluation results: a confusion matrix and the summed log-loss. */
public final class EvalSum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public ConfusionMatrix confusion;
    public double logLossSum;

    public static EvalSum empty() {
        return new EvalSum();
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    public double logLossSum() {
        return logLossSum;
    }

    public EvalSum merge(EvalSum other) {
        if (other.confusion == null) {
            return this;
        }
        if (confusion == null) {
            return other;
        }
        confusion.merge(other.confusion);
        logLossSum += other.logLossSum;
        return this;
    }
}
