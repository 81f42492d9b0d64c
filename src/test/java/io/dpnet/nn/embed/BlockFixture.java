package io.dpnet.nn.embed;

import io.dpnet.nn.Activation;
import io.dpnet.nn.BatchLoss;
import io.dpnet.nn.Gemm;
import io.dpnet.nn.LossKind;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.RegressionTargets;
import java.util.List;
import java.util.Random;

/**
 * A block network with smooth activations (tanh hidden, linear or softmax output) on random
 * parameters, plus the loss of a batch as a plain function of the current parameter and input
 * arrays — what the finite-difference checks perturb.
 */
final class BlockFixture {
    final BlockNetwork net;
    final BlockParams params;
    final BlockNetworkWorkspace ws;
    final InputRows rows;
    final BatchLoss loss;

    BlockFixture(InputBlockSpec spec, InputRows rows, int outputs, boolean classifier, BatchLoss loss, long seed) {
        Activation out = classifier ? Activation.SOFTMAX : Activation.LINEAR;
        ModelSpec dense = ModelSpec.of(new int[] {spec.width(), 5, outputs}, List.of(Activation.TANH, out),
                classifier ? LossKind.CROSS_ENTROPY : LossKind.MSE);
        this.net = new BlockNetwork(spec, dense);
        Random rnd = new Random(seed);
        float[] p = new float[dense.paramCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (rnd.nextGaussian() * 0.6);
        }
        this.params = new BlockParams(p, EmbeddingTables.initialize(spec, seed + 1));
        this.ws = net.workspace(rows.rows(), Gemm.create("java"));
        this.rows = rows;
        this.loss = loss;
    }

    /** Regression targets in [-1, 1] with weights in [0.5, 2) for every row. */
    static BatchLoss regression(RegressionLoss kind, int rows, int outputs, long seed) {
        Random rnd = new Random(seed);
        float[] t = new float[rows * outputs];
        float[] w = new float[rows];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        for (int r = 0; r < rows; r++) {
            w[r] = (float) (0.5 + 1.5 * rnd.nextDouble());
        }
        return kind.on(new RegressionTargets(t, outputs, w));
    }

    InputBatch all() {
        return rows.batch(0, rows.rows());
    }

    /** The weighted loss sum of all rows at the current arrays. */
    double loss() {
        net.forward(params, all(), ws);
        return loss.apply(ws.dense(), 0, rows.rows()).loss();
    }

    /** A fresh gradient of all rows at the current arrays. */
    BlockGradient gradient() {
        BlockGradient g = new BlockGradient(params.dense().length, rows.spec());
        net.gradient(params, new LabelledBatch(all(), loss), g, ws);
        return g;
    }

    /** Central difference of {@link #loss()} in {@code array[i]}, restored afterwards. */
    double numeric(float[] array, int i, double eps) {
        float orig = array[i];
        float plus = (float) (orig + eps);
        float minus = (float) (orig - eps);
        array[i] = plus;
        double lp = loss();
        array[i] = minus;
        double lm = loss();
        array[i] = orig;
        return (lp - lm) / ((double) plus - (double) minus);
    }

    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-2, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
