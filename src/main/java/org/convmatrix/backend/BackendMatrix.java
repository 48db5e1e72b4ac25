package org.convmatrix.backend;

import org.convmatrix.operator.LinearOperator;

/**
 * A matrix held by a third-party library, seen through the operations ConvMatrix needs: its entries,
 * how many it stores, and the products {@code A·x}, {@code Aᵀ·y} ({@link LinearOperator}).
 */
public interface BackendMatrix extends LinearOperator {
    /** @return the entry {@code (r, c)} as the library reads it */
    double get(int r, int c);

    /** @return the number of entries the library stores */
    long storedEntries();

    /** @return the library's own object (e.g. EJML's {@code DMatrixSparseCSC}) */
    Object unwrap();
}
