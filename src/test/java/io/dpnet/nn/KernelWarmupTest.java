package io.dpnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up swallows its failures in production (training meets the same code and reports it),
 * so these check directly that it runs cleanly for both losses and starts only once per JVM.
 */
class KernelWarmupTest {
    @Test
    void runsForClassificationAndRegressionModels() {
        ModelSpec classifier = ModelSpec.of(new int[] {12, 8, 3}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        ModelSpec regression = ModelSpec.of(new int[] {12, 8, 2}, List.of(Activation.TANH, Activation.LINEAR),
                LossKind.MSE);
        assertThatCode(() -> KernelWarmup.run(classifier, "java", 2)).doesNotThrowAnyException();
        assertThatCode(() -> KernelWarmup.run(regression, "java", 2)).doesNotThrowAnyException();
    }

    @Test
    void startsOneBackgroundThreadPerJvm() throws InterruptedException {
        ModelSpec spec = ModelSpec.of(new int[] {12, 8, 3}, List.of(Activation.RELU, Activation.SOFTMAX),
                LossKind.CROSS_ENTROPY);
        Thread first = KernelWarmup.startInBackground(spec, "java");
        assertThat(first).isNotNull();
        assertThat(first.isDaemon()).isTrue();
        first.join();
        assertThat(KernelWarmup.startInBackground(spec, "java")).isNull();
    }
}
