package io.dpnet.eval;


/**
 * One wrongly predicted sample, as found by the misclassified search ({@code io.dpnet.spark.score.MisclassifiedSearch}).
 *
 * @param index global sample index in the data set (the IDX record number)
 * @param label the true class
 * @param predicted the model's argmax class
 * @param confidence the probability the model gave {@code predicted} (see
 *     {@code MisclassifiedSearch.confidence})
 * @param pixels the sample's features as loaded (pixels in [0, 1], row-major); not copied, so
 *     callers must not modify it
 */
public record Misclassification(long index, int label, int predicted, float confidence, float[] pixels) {
}
