package org.convmatrix.operator;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.sparse.CscProducts;

/**
 * The {@link LinearOperator} of a {@link CscMatrix}: {@code A·x} column by column, {@code Aᵀ·y} as a
 * dot product per column, without forming {@code Aᵀ}. {@link #of} computes on the caller's thread and
 * is safe for concurrent calls with distinct output arrays; {@link #parallel} uses {@link CscProducts}
 * (private accumulators reused across calls) and serves one call at a time.
 */
public final class CscOperator implements LinearOperator {
    private final CscMatrix a;
    private final CscProducts products;

    private CscOperator(CscMatrix a, CscProducts products) {
        this.a = a;
        this.products = products;
    }

    /** @return the sequential operator of {@code a} (not copied) */
    public static CscOperator of(CscMatrix a) {
        return new CscOperator(a, null);
    }

    /** @return the operator of {@code a} computing on {@code threads} threads */
    public static CscOperator parallel(CscMatrix a, int threads) {
        return new CscOperator(a, new CscProducts(threads));
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
        if (products == null) {
            CscOps.multiply(a, x, y);
        } else {
            products.multiply(a, x, y);
        }
    }

    @Override
    public void applyAdjoint(double[] y, double[] x) {
        if (products == null) {
            CscOps.multiplyTranspose(a, y, x);
        } else {
            products.multiplyTranspose(a, y, x);
        }
    }
}
