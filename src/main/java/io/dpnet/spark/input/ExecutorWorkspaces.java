package io.dpnet.spark.input;

import io.dpnet.nn.Gemm;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Workspace;

/**
 * Reuses one {@link Workspace} and batch buffers per executor thread across steps, so a task
 * allocates nothing but its gradient result. Spark runs a task on one thread from a long-lived
 * pool, which is what makes a thread-local cache safe and effective here.
 */
public final class ExecutorWorkspaces {
    /** A workspace plus the gathered mini-batch rows (features, labels, global ids) it works on. */
    public static final class Slot {
        public final Workspace workspace;
        public final float[] x;
        public final int[] y;
        /** Global sample indices of the gathered rows: they key the dropout masks. */
        public final long[] ids;

        Slot(Workspace workspace) {
            this.workspace = workspace;
            this.x = new float[workspace.maxRows() * workspace.spec().inputSize()];
            this.y = new int[workspace.maxRows()];
            this.ids = new long[workspace.maxRows()];
        }
    }

    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();

    private ExecutorWorkspaces() {
    }

    public static Slot get(ModelSpec spec, int maxRows, String kernel) {
        Slot s = SLOT.get();
        if (s == null || !s.workspace.spec().equals(spec) || s.workspace.maxRows() < maxRows
                || !s.workspace.gemm().name().equals(kernel)) {
            s = new Slot(new Workspace(spec, maxRows, Gemm.create(kernel)));
            SLOT.set(s);
        }
        return s;
    }
}
