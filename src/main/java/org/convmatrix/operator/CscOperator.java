package org.convmatrix.operator;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;

/**
 * The {@link LinearOperator} of a {@link CscMatrix}: {@code A·x} column by column, {@code Aᵀ·y} as a
 * dot product per column, without forming {@code Aᵀ}. Immutable; safe for concurrent calls with
 * distinct output arrays.
 */
public final class CscOperator implements LinearOperator {
    private final CscMatrix a;

    private CscOperator(CscMatrix a) {
        this.a = a;
    }

    /** @return the operator of {@code a} (not copied) */
    public static CscOperator of(CscMatrix a) {
        return new CscOperator(a);
    }

    /** @return the matrix */
    public CscMatrix matrix() {
        return a;
    }

    @Override
    public int rows() {
        return a.rows();
    }

    @Override
    public int cols() {
        return a.cols();
    }

    @Override
    public void apply(double[] x, double[] y) {
        CscOps.multiply(a, x, y);
    }

    @Override
    public void applyAdjoint(double[] y, double[] x) {
        CscOps.multiplyTranspose(a, y, x);
    }
}
