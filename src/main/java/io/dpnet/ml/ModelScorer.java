package io.dpnet.ml;

import io.dpnet.spark.input.ExecutorWorkspaces;

import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Runs a trained network on a Spark ML feature vector and returns the output layer's
 * pre-activation values (the logits of a softmax classifier).
 *
 * <p>Buffers are the executor thread's {@link ExecutorWorkspaces} slot, reused across rows, tasks
 * and models of the same architecture, so scoring a row allocates only its result.
 */
final class ModelScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final float[] params;

    ModelScorer(ModelSpec spec, float[] params) {
        this.spec = spec;
        this.params = params;
    }

    /** The flat parameter vector (a copy). */
    float[] params() {
        return params.clone();
    }

    /** The logits of one feature vector. */
    double[] logits(Vector features) {
        // The executors' per-thread workspace, shared with training and scoring jobs: a slot of
        // any row count serves one row.
        ExecutorWorkspaces.Slot slot = ExecutorWorkspaces.get(spec, 1, "auto");
        int n = spec.inputSize();
        copy(features, slot.x, 0, n);
        new Sequential(spec).forward(params, slot.x, 0, 1, slot.workspace);
        float[] z = slot.workspace.logits();
        double[] out = new double[spec.outputSize()];
        for (int c = 0; c < out.length; c++) {
            out[c] = z[c];
        }
        return out;
    }

    private static void copy(Vector v, float[] x, int off, int n) {
        if (v == null) {
            throw new IllegalArgumentException("a features vector is null");
        }
        if (v.size() != n) {
            throw new IllegalArgumentException("a features vector has size " + v.size() + " but the model takes "
                    + n + " features");
        }
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int i = 0; i < n; i++) {
                x[off + i] = (float) values[i];
            }
        } else {
            // Sparse: touch only the stored entries.
            SparseVector s = (SparseVector) v;
            java.util.Arrays.fill(x, off, off + n, 0f);
            int[] indices = s.indices();
            double[] values = s.values();
            for (int k = 0; k < indices.length; k++) {
                x[off + indices[k]] = (float) values[k];
            }
        }
    }

    /**
     * Softmax of {@code z} in place, with the max subtracted so large logits cannot overflow. In
     * double, unlike the network's float {@code Activation} softmax: Spark ML's probability column
     * is a double vector that callers expect to sum to 1 at double precision.
     */
    static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= sum;
        }
    }
}
