package io.dpnet.ml;

import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The input-block params shared by {@link DenseNetClassifier} and {@link DenseNetRegressor}
 * (a shared param trait, as {@link DenseNetTrainingParams}): besides the numeric
 * {@code featuresCol} vector, a row may hold categorical id columns ({@code categoricalCols},
 * one embedding table each) and a column of token ids ({@code tokensCol}, pooled), and a sample
 * weight ({@code weightCol}). With none of them set the estimator trains exactly as before; with
 * any of them it trains an input block in front of the dense stack (docs/pipeline-api.md), and
 * {@code featuresCol} becomes optional.
 *
 * @param <S> the estimator type the setters return
 */
@SuppressWarnings("unchecked")
public interface InputColumnParams<S extends InputColumnParams<S>> extends Params {
    /** The estimator's param objects (created on first use). */
    InputColumnParamSet inputColumnParams();

    default StringArrayParam categoricalCols() {
        return inputColumnParams().categoricalCols;
    }

    default IntArrayParam categoricalSizes() {
        return inputColumnParams().categoricalSizes;
    }

    default IntParam embeddingDim() {
        return inputColumnParams().embeddingDim;
    }

    default IntArrayParam embeddingDims() {
        return inputColumnParams().embeddingDims;
    }

    default Param<String> tokensCol() {
        return inputColumnParams().tokensCol;
    }

    default IntParam tokensVocabSize() {
        return inputColumnParams().tokensVocabSize;
    }

    default IntParam tokensDim() {
        return inputColumnParams().tokensDim;
    }

    default Param<String> tokensPooling() {
        return inputColumnParams().tokensPooling;
    }

    default IntParam tokensPaddingId() {
        return inputColumnParams().tokensPaddingId;
    }

    default Param<String> handleInvalid() {
        return inputColumnParams().handleInvalid;
    }

    default Param<String> weightCol() {
        return inputColumnParams().weightCol;
    }

    default String[] getCategoricalCols() {
        return getOrDefault(categoricalCols());
    }

    default int[] getCategoricalSizes() {
        return getOrDefault(categoricalSizes());
    }

    default int getEmbeddingDim() {
        return (Integer) getOrDefault(embeddingDim());
    }

    default int[] getEmbeddingDims() {
        return getOrDefault(embeddingDims());
    }

    default String getTokensCol() {
        return getOrDefault(tokensCol());
    }

    default int getTokensVocabSize() {
        return (Integer) getOrDefault(tokensVocabSize());
    }

    default int getTokensDim() {
        return (Integer) getOrDefault(tokensDim());
    }

    default String getTokensPooling() {
        return getOrDefault(tokensPooling());
    }

    default int getTokensPaddingId() {
        return (Integer) getOrDefault(tokensPaddingId());
    }

    default String getHandleInvalid() {
        return getOrDefault(handleInvalid());
    }

    default String getWeightCol() {
        return getOrDefault(weightCol());
    }

    default S setCategoricalCols(String... columns) {
        return (S) set(categoricalCols(), columns.clone());
    }

    default S setCategoricalSizes(int... sizes) {
        return (S) set(categoricalSizes(), sizes.clone());
    }

    default S setEmbeddingDim(int value) {
        return (S) set(embeddingDim(), value);
    }

    default S setEmbeddingDims(int... dims) {
        return (S) set(embeddingDims(), dims.clone());
    }

    default S setTokensCol(String value) {
        return (S) set(tokensCol(), value);
    }

    default S setTokensVocabSize(int value) {
        return (S) set(tokensVocabSize(), value);
    }

    default S setTokensDim(int value) {
        return (S) set(tokensDim(), value);
    }

    default S setTokensPooling(String value) {
        return (S) set(tokensPooling(), value);
    }

    default S setTokensPaddingId(int value) {
        return (S) set(tokensPaddingId(), value);
    }

    default S setHandleInvalid(String value) {
        return (S) set(handleInvalid(), value);
    }

    default S setWeightCol(String value) {
        return (S) set(weightCol(), value);
    }

    /** True when any input-block param is set: the estimator then trains a block network. */
    default boolean usesInputBlock() {
        return getCategoricalCols().length > 0 || !getTokensCol().isEmpty() || !getWeightCol().isEmpty();
    }
}
