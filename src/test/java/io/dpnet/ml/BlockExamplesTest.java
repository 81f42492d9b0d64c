package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpnet.examples.CategoricalExample;
import io.dpnet.examples.RegressionExample;
import io.dpnet.examples.TextExample;
import io.dpnet.nn.embed.OovPolicy;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cores of the three #12 Pipeline examples (categorical classifier, regressor, text
 * classifier) on small generated data: each learns its rule well beyond chance, and its fitted
 * PipelineModel saves and loads with the dpnet stage inside.
 */
class BlockExamplesTest {
    private static SparkSession spark;

    /**
     * Kryo with dpnet's registrator (registration not required, so Spark's evaluators work): the
     * block engine's shard-building shuffle needs it for now (its records are not
     * Java-serializable), see docs/pipeline-api.md.
     */
    @BeforeAll
    static void start() {
        spark = kryoSession();
    }

    static SparkSession kryoSession() {
        return SparkSession.builder().config(io.dpnet.examples.Examples.conf("test")
                        .setMaster("local[2]")
                        .set("spark.driver.host", "127.0.0.1")
                        .set("spark.driver.bindAddress", "127.0.0.1")
                        .set("spark.ui.enabled", "false")
                        .set("spark.sql.shuffle.partitions", "2"))
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void categoricalClassifierLearnsCityAndDeviceEmbeddings(@TempDir Path tmp) throws Exception {
        CategoricalExample.Result r = CategoricalExample.run(spark, 2000, 3);
        System.out.printf("categorical example: auc %.4f accuracy %.4f%n", r.auc(), r.accuracy());
        // The rule's noise leaves the Bayes AUC near 0.97; chance is 0.5.
        assertThat(r.auc()).isGreaterThan(0.85);
        assertThat(r.accuracy()).isGreaterThan(0.75);
        DenseNetClassificationModel net = (DenseNetClassificationModel) r.model().stages()[2];
        // StringIndexer(handleInvalid=keep) metadata: 40 cities at most, the unknown row reserved.
        assertThat(net.inputBlock().categoricals().get(1).name()).isEqualTo("deviceId");
        assertThat(net.inputBlock().categoricals().get(1).vocabularySize()).isEqualTo(4);
        assertThat(net.inputBlock().categoricals().get(1).oov()).isEqualTo(OovPolicy.UNKNOWN_ID);
        assertThat(net.inputBlock().width()).isEqualTo(10);
        String dir = tmp.resolve("pipeline").toString();
        r.model().write().save(dir);
        assertThat(PipelineModel.load(dir).stages()[2]).isInstanceOf(DenseNetClassificationModel.class);
    }

    @Test
    void regressorFitsSpendWithHuberLoss() {
        RegressionExample.Result r = RegressionExample.run(spark, 2000, 3);
        System.out.printf("regression example: rmse %.3f mae %.3f r2 %.4f%n", r.rmse(), r.mae(), r.r2());
        assertThat(r.r2()).isGreaterThan(0.6);
        DenseNetRegressionModel net = (DenseNetRegressionModel) r.model().stages()[2];
        assertThat(net.savedModel().task().regressionLoss().kind()).isEqualTo(io.dpnet.nn.RegressionLoss.Kind.HUBER);
    }

    @Test
    void textClassifierLearnsFromTokenIdBags() {
        TextExample.Result r = TextExample.run(spark, 2000, 3);
        System.out.printf("text example: vocabulary %d auc %.4f accuracy %.4f%n", r.vocabulary(), r.auc(), r.accuracy());
        assertThat(r.vocabulary()).isEqualTo(44);  // 12 + 12 + 20 words, all frequent enough
        // About one review in five has no sentiment word at all (chance level for it): 0.87 here.
        assertThat(r.auc()).isGreaterThan(0.8);
        DenseNetClassificationModel net = (DenseNetClassificationModel) r.model().stages()[2];
        assertThat(net.inputBlock().bag().vocabularySize()).isEqualTo(r.vocabulary());
        assertThat(net.inputBlock().numericCount()).isZero();
    }
}
