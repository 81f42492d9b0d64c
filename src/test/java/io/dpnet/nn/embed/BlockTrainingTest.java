package io.dpnet.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dpnet.nn.Activation;
import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.LossSum;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.RegressionSums;
import io.dpnet.nn.RegressionTargets;
import io.dpnet.nn.Sequential;
import io.dpnet.optim.Adam;
import io.dpnet.optim.SparseRowOptimizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pieces together, as a driver will use them: parts of a batch merged with
 * {@link BlockGradient#merge}, divided by the summed weight, dense Adam on the stack and lazy
 * Adam on the table — learning a rule that needs the embedding (a per-city offset).
 */
class BlockTrainingTest {
    private static final int ROWS = 2000;
    private static final int CITIES = 20;

    private record Data(InputRows rows, RegressionTargets targets) {
    }

    /** y = 2·x + offset(city) + N(0, 0.1²); without the city R² stays near 0.85 (measured with the table zeroed). */
    private static Data data(InputBlockSpec spec, long seed) {
        Random rnd = new Random(seed);
        float[] offset = new float[CITIES];
        for (int c = 0; c < CITIES; c++) {
            offset[c] = (float) rnd.nextGaussian();
        }
        float[] x = new float[ROWS];
        int[] city = new int[ROWS];
        float[] y = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            x[r] = (float) rnd.nextGaussian();
            city[r] = rnd.nextInt(CITIES);
            y[r] = 2 * x[r] + offset[city[r]] + (float) (0.1 * rnd.nextGaussian());
        }
        return new Data(InputRows.builder(spec, ROWS).numeric(x).categorical(city).build(),
                new RegressionTargets(y, 1, null));
    }

    @Test
    void aBlockNetworkLearnsAPerCategoryOffsetThroughItsEmbedding() {
        InputBlockSpec spec = new InputBlockSpec(1, List.of(new CategoricalInput("city", CITIES, 4, OovPolicy.ERROR)),
                null);
        ModelSpec denseSpec = ModelSpec.of(new int[] {spec.width(), 16, 1}, List.of(Activation.TANH, Activation.LINEAR),
                LossKind.MSE);
        BlockNetwork net = new BlockNetwork(spec, denseSpec);
        Data d = data(spec, 3);
        BatchLoss loss = RegressionLoss.huber(1f).on(d.targets());
        BlockParams params = new BlockParams(new Sequential(denseSpec).initParams(io.dpnet.nn.Init.XAVIER, 1),
                EmbeddingTables.initialize(spec, 2));
        Adam dense = new Adam(denseSpec.paramCount(), 0.9f, 0.999f, 1e-8f);
        SparseRowOptimizer table = SparseRowOptimizer.like(dense, spec.tableRows(0), spec.dim(0));
        BlockNetworkWorkspace ws = net.workspace(50, Gemm.create("java"));
        BlockGradient step = new BlockGradient(denseSpec.paramCount(), spec);
        BlockGradient part = new BlockGradient(denseSpec.paramCount(), spec);
        int batch = 100;
        for (int epoch = 0; epoch < 40; epoch++) {
            for (int first = 0; first < ROWS; first += batch) {
                step.clear();
                for (int p = first; p < first + batch; p += 50) { // two "partitions" of 50 rows each
                    part.clear();
                    net.gradient(params, new LabelledBatch(d.rows().batch(p, 50), loss), part, ws);
                    step.merge(part);
                }
                LossSum s = step.lossSum();
                assertThat(s.weight()).isEqualTo(batch);
                float inv = (float) (1 / s.weight());
                float[] g = step.dense();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= inv;
                }
                step.table(0).scale(inv);
                dense.step(params.dense(), g, 0.01f);
                table.step(params.tables().table(0), step.table(0), 0.01f);
            }
        }
        RegressionSums sums = new RegressionSums(1);
        for (int first = 0; first < ROWS; first += 50) {
            float[] out = net.forward(params, d.rows().batch(first, 50), ws);
            sums.add(out, d.targets(), first, 50);
        }
        assertThat(sums.r2(0)).as("R² with the city embedding").isGreaterThan(0.97);
        assertThat(sums.rmse(0)).isLessThan(0.4);
        assertThat(sums.weight()).isCloseTo(ROWS, within(0.0));
    }
}
