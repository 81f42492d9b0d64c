package io.dpnet.ml;

import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Sequential;
import io.dpnet.nn.Workspace;
import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Runs a trained network on Spark ML feature vectors and returns the output layer's
 * pre-activation values (the logits of a softmax classifier), in batches of up to
 * {@link #BATCH_ROWS} rows.
 *
 * <p>Buffers are per thread and reused across rows, tasks and models of the same architecture, so
 * scoring allocates only its results (Spark runs a task on one long-lived pool thread).
 */
final class ModelScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Rows per forward pass when scoring a batch: enough for efficient products, still cache-sized. */
    static final int BATCH_ROWS = 256;

    /** A workspace for {@code BATCH_ROWS} rows of one architecture plus its input block. */
    private static final class Slot {
        final Workspace workspace;
        final float[] x;

        Slot(ModelSpec spec) {
            workspace = new Sequential(spec).workspace(BATCH_ROWS, Gemm.create("auto"));
            x = new float[BATCH_ROWS * spec.inputSize()];
        }
    }

    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();

    private final ModelSpec spec;
    private final float[] params;

    ModelScorer(ModelSpec spec, float[] params) {
        this.spec = spec;
        this.params = params;
    }

    /** The logits of one feature vector. */
    double[] logits(Vector features) {
        double[][] out = new double[1][];
        logits(new Vector[] {features}, 1, out);
        return out[0];
    }

    /** The logits of {@code rows <= BATCH_ROWS} feature vectors, one forward pass for all, into {@code out}. */
    void logits(Vector[] batch, int rows, double[][] out) {
        if (rows > BATCH_ROWS) {
            throw new IllegalArgumentException("at most " + BATCH_ROWS + " rows per batch, got " + rows);
        }
        Slot slot = slot();
        int n = spec.inputSize();
        for (int r = 0; r < rows; r++) {
            copy(batch[r], slot.x, r * n, n);
        }
        new Sequential(spec).forward(params, slot.x, 0, rows, slot.workspace);
        float[] z = slot.workspace.logits();
        int classes = spec.outputSize();
        for (int r = 0; r < rows; r++) {
            double[] row = new double[classes];
            for (int c = 0; c < classes; c++) {
                row[c] = z[r * classes + c];
            }
            out[r] = row;
        }
    }

    private Slot slot() {
        Slot s = SLOT.get();
        if (s == null || !s.workspace.spec().equals(spec)) {
            s = new Slot(spec);
            SLOT.set(s);
        }
        return s;
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

    /** Softmax of {@code z} in place, with the max subtracted so large logits cannot overflow. */
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
