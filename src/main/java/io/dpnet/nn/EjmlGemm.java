package io.dpnet.nn;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The portable reference path: EJML's {@link CommonOps_FDRM} products.
 *
 * <p>EJML matrices start at index 0 of their array, so operands at offset 0 are wrapped without
 * copying and operands inside the flat parameter vector are copied into reusable scratch
 * matrices (a weight copy is O(k·n), the product O(m·k·n)).
 */
public final class EjmlGemm implements Gemm {
    private final FMatrixRMaj viewA = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj viewB = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj viewC = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj scratchA = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj scratchB = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj scratchC = new FMatrixRMaj(1, 1);

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        FMatrixRMaj out = output(c, cOff, m, n);
        CommonOps_FDRM.mult(operand(a, aOff, m, k, viewA, scratchA), operand(b, bOff, k, n, viewB, scratchB), out);
        copyBack(out, c, cOff, false);
    }

    @Override
    public void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        FMatrixRMaj out = output(c, cOff, k, n);
        if (out == viewC) {
            CommonOps_FDRM.multAddTransA(operand(a, aOff, m, k, viewA, scratchA),
                    operand(b, bOff, m, n, viewB, scratchB), out);
        } else {
            CommonOps_FDRM.multTransA(operand(a, aOff, m, k, viewA, scratchA),
                    operand(b, bOff, m, n, viewB, scratchB), out);
            copyBack(out, c, cOff, true);
        }
    }

    @Override
    public void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        FMatrixRMaj out = output(c, cOff, m, k);
        CommonOps_FDRM.multTransB(operand(a, aOff, m, n, viewA, scratchA), operand(b, bOff, k, n, viewB, scratchB), out);
        copyBack(out, c, cOff, false);
    }

    private static FMatrixRMaj operand(float[] data, int off, int rows, int cols, FMatrixRMaj view, FMatrixRMaj scratch) {
        if (off == 0) {
            return wrap(view, data, rows, cols);
        }
        scratch.reshape(rows, cols, false);
        System.arraycopy(data, off, scratch.data, 0, rows * cols);
        return scratch;
    }

    private FMatrixRMaj output(float[] data, int off, int rows, int cols) {
        if (off == 0) {
            return wrap(viewC, data, rows, cols);
        }
        scratchC.reshape(rows, cols, false);
        return scratchC;
    }

    private void copyBack(FMatrixRMaj out, float[] c, int cOff, boolean add) {
        if (out == viewC) {
            return;
        }
        int n = out.numRows * out.numCols;
        if (add) {
            for (int i = 0; i < n; i++) {
                c[cOff + i] += out.data[i];
            }
        } else {
            System.arraycopy(out.data, 0, c, cOff, n);
        }
    }

    /** Points a reusable matrix header at {@code data}; EJML only reads the first rows·cols entries. */
    private static FMatrixRMaj wrap(FMatrixRMaj view, float[] data, int rows, int cols) {
        view.data = data;
        view.numRows = rows;
        view.numCols = cols;
        return view;
    }

    @Override
    public String name() {
        return "ejml";
    }
}
