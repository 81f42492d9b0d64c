package io.dpnet.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The training params every dpnet estimator shares (layers, optimizer, schedule, batching, ...):
 * Spark's shared-param-trait pattern ({@code HasMaxIter}, ...) as a Java interface with default
 * methods, so {@link DenseNetClassifier} and {@link DenseNetRegressor} expose the same
 * accessors, getters and setters from one place. The params themselves live in the
 * estimator's {@link DenseNetParams}; each is bound to the config key of the same name.
 *
 * <p>Spark discovers params through public no-argument methods returning a {@code Param}, which
 * default methods of a public interface are.
 *
 * @param <S> the estimator type the setters return
 */
@SuppressWarnings("unchecked")
public interface DenseNetTrainingParams<S extends DenseNetTrainingParams<S>> extends Params {
    /** The estimator's param objects (created on first use). */
    DenseNetParams denseNetParams();

    // ---- params: accessors ----

    default IntArrayParam layers() {
        return denseNetParams().layers;
    }

    default StringArrayParam activations() {
        return denseNetParams().activations;
    }

    default Param<String> loss() {
        return denseNetParams().loss;
    }

    default Param<String> init() {
        return denseNetParams().init;
    }

    default DoubleArrayParam dropout() {
        return denseNetParams().dropout;
    }

    default Param<String> optimizer() {
        return denseNetParams().optimizer;
    }

    default DoubleParam learningRate() {
        return denseNetParams().learningRate;
    }

    default Param<String> lrSchedule() {
        return denseNetParams().lrSchedule;
    }

    default DoubleParam lrGamma() {
        return denseNetParams().lrGamma;
    }

    default DoubleParam lrStepEpochs() {
        return denseNetParams().lrStepEpochs;
    }

    default DoubleParam lrMinRate() {
        return denseNetParams().lrMinRate;
    }

    default DoubleParam lrWarmupEpochs() {
        return denseNetParams().lrWarmupEpochs;
    }

    default Param<String> lrScaling() {
        return denseNetParams().lrScaling;
    }

    default IntParam lrReferenceBatch() {
        return denseNetParams().lrReferenceBatch;
    }

    default Param<String> sync() {
        return denseNetParams().sync;
    }

    default IntParam syncLocalSteps() {
        return denseNetParams().syncLocalSteps;
    }

    default IntParam syncLocalAfterEpochs() {
        return denseNetParams().syncLocalAfterEpochs;
    }

    default DoubleParam momentum() {
        return denseNetParams().momentum;
    }

    default BooleanParam nesterov() {
        return denseNetParams().nesterov;
    }

    default DoubleParam beta1() {
        return denseNetParams().beta1;
    }

    default DoubleParam beta2() {
        return denseNetParams().beta2;
    }

    default DoubleParam epsilon() {
        return denseNetParams().epsilon;
    }

    default DoubleParam weightDecay() {
        return denseNetParams().weightDecay;
    }

    default IntParam epochs() {
        return denseNetParams().epochs;
    }

    default IntParam batchSize() {
        return denseNetParams().batchSize;
    }

    default LongParam seed() {
        return denseNetParams().seed;
    }

    default IntParam partitions() {
        return denseNetParams().partitions;
    }

    default IntParam treeDepth() {
        return denseNetParams().treeDepth;
    }

    default Param<String> kernel() {
        return denseNetParams().kernel;
    }

    default DoubleParam validationFraction() {
        return denseNetParams().validationFraction;
    }

    default IntParam earlyStoppingPatience() {
        return denseNetParams().earlyStoppingPatience;
    }

    default Param<String> earlyStoppingMetric() {
        return denseNetParams().earlyStoppingMetric;
    }

    // ---- getters ----

    default int[] getLayers() {
        return getOrDefault(layers());
    }

    default String[] getActivations() {
        return getOrDefault(activations());
    }

    default String getLoss() {
        return getOrDefault(loss());
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    default String getLrSchedule() {
        return getOrDefault(lrSchedule());
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default int getPartitions() {
        return (Integer) getOrDefault(partitions());
    }

    // ---- setters (Java-friendly: varargs for the lists) ----

    default S setLayers(int... sizes) {
        return (S) set(layers(), sizes.clone());
    }

    default S setActivations(String... names) {
        return (S) set(activations(), names.clone());
    }

    default S setLoss(String value) {
        return (S) set(loss(), value);
    }

    default S setInit(String value) {
        return (S) set(init(), value);
    }

    default S setDropout(double... rates) {
        return (S) set(dropout(), rates.clone());
    }

    default S setOptimizer(String value) {
        return (S) set(optimizer(), value);
    }

    default S setLearningRate(double value) {
        return (S) set(learningRate(), value);
    }

    default S setLrSchedule(String value) {
        return (S) set(lrSchedule(), value);
    }

    default S setLrGamma(double value) {
        return (S) set(lrGamma(), value);
    }

    default S setLrStepEpochs(double value) {
        return (S) set(lrStepEpochs(), value);
    }

    default S setLrMinRate(double value) {
        return (S) set(lrMinRate(), value);
    }

    default S setLrWarmupEpochs(double value) {
        return (S) set(lrWarmupEpochs(), value);
    }

    default S setLrScaling(String value) {
        return (S) set(lrScaling(), value);
    }

    default S setLrReferenceBatch(int value) {
        return (S) set(lrReferenceBatch(), value);
    }

    /** {@code sync} (a gradient average every step) or {@code average} (local SGD; see syncLocalSteps). */
    default S setSync(String value) {
        return (S) set(sync(), value);
    }

    default S setSyncLocalSteps(int value) {
        return (S) set(syncLocalSteps(), value);
    }

    /** With sync=average: synchronous first epochs before local SGD (post-local SGD). */
    default S setSyncLocalAfterEpochs(int value) {
        return (S) set(syncLocalAfterEpochs(), value);
    }

    default S setMomentum(double value) {
        return (S) set(momentum(), value);
    }

    default S setNesterov(boolean value) {
        return (S) set(nesterov(), value);
    }

    default S setBeta1(double value) {
        return (S) set(beta1(), value);
    }

    default S setBeta2(double value) {
        return (S) set(beta2(), value);
    }

    default S setEpsilon(double value) {
        return (S) set(epsilon(), value);
    }

    default S setWeightDecay(double value) {
        return (S) set(weightDecay(), value);
    }

    default S setEpochs(int value) {
        return (S) set(epochs(), value);
    }

    default S setBatchSize(int value) {
        return (S) set(batchSize(), value);
    }

    default S setSeed(long value) {
        return (S) set(seed(), value);
    }

    default S setPartitions(int value) {
        return (S) set(partitions(), value);
    }

    default S setTreeDepth(int value) {
        return (S) set(treeDepth(), value);
    }

    default S setKernel(String value) {
        return (S) set(kernel(), value);
    }

    default S setValidationFraction(double value) {
        return (S) set(validationFraction(), value);
    }

    default S setEarlyStoppingPatience(int value) {
        return (S) set(earlyStoppingPatience(), value);
    }

    default S setEarlyStoppingMetric(String value) {
        return (S) set(earlyStoppingMetric(), value);
    }
}
