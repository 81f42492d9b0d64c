package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

/**
 * The {@code META-INF/services} registration Spark Connect (and so a Python Connect client)
 * uses to find third-party ML classes: listed, and instantiable through a public no-arg
 * constructor, which {@link ServiceLoader} insists on.
 */
class MlServiceRegistrationTest {
    @Test
    void estimatorIsRegisteredWithAPublicNoArgConstructor() {
        List<ServiceLoader.Provider<Estimator>> dpnet = dpnetProviders(Estimator.class);
        assertThat(dpnet).extracting(ServiceLoader.Provider::type).containsExactly(DenseNetClassifier.class);
        Estimator<?> estimator = dpnet.get(0).get();
        assertThat(estimator.uid()).startsWith("denseNetClassifier_");
    }

    @Test
    void modelIsRegisteredAsTransformerAndModelWithAPublicNoArgConstructor() {
        for (Class<?> service : List.of(Transformer.class, Model.class)) {
            List<? extends ServiceLoader.Provider<?>> dpnet = dpnetProviders(service);
            assertThat(dpnet.stream().map(p -> p.type().getName()).toList()).as(service.getName())
                    .containsExactly(DenseNetClassificationModel.class.getName());
            DenseNetClassificationModel placeholder = (DenseNetClassificationModel) dpnet.get(0).get();
            assertThat(placeholder.uid()).startsWith("denseNetClassificationModel_");
            assertThat(placeholder.getLayers()).containsExactly(1, 1);
        }
    }

    private static <T> List<ServiceLoader.Provider<T>> dpnetProviders(Class<T> service) {
        return ServiceLoader.load(service, Thread.currentThread().getContextClassLoader()).stream()
                .filter(p -> p.type().getName().startsWith("io.dpnet."))
                .toList();
    }
}
