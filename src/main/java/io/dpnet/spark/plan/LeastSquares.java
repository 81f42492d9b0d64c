package io.dpnet.spark.plan;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Ordinary least squares through EJML's QR solver (the float module dpnet already bundles: the
 * fitted job times are milliseconds with a few significant digits, far inside float's 24 bits).
 */
final class LeastSquares {
    private LeastSquares() {
    }

    /** The coefficients b minimizing |X·b − y|² (X: one row per point). */
    static double[] solve(double[][] x, double[] y) {
        int n = x.length;
        int k = x[0].length;
        FMatrixRMaj a = new FMatrixRMaj(n, k);
        FMatrixRMaj b = new FMatrixRMaj(n, 1);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                a.set(r, c, (float) x[r][c]);
            }
            b.set(r, 0, (float) y[r]);
        }
        FMatrixRMaj coefficients = new FMatrixRMaj(k, 1);
        LinearSolverDense<FMatrixRMaj> solver = LinearSolverFactory_FDRM.leastSquares(n, k);
        if (!solver.setA(a)) {
            throw new IllegalArgumentException("least squares: the regressors are collinear");
        }
        solver.solve(b, coefficients);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = coefficients.get(c, 0);
        }
        return out;
    }
}
