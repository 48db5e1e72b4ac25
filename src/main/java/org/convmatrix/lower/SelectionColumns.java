package org.convmatrix.lower;

import org.convmatrix.sparse.CscMatrix;

/**
 * A 0/1 matrix with one entry per column, {@code A[rowOf[j], j] = 1}: the matrix of a layer that moves each
 * input element to one output position (a pixel shuffle, an unpooling). In CSC form the column pointers are
 * {@code 0, 1, …, cols} and the row indices are {@code rowOf} itself, so no sorting is needed.
 */
final class SelectionColumns {
    private SelectionColumns() {
    }

    /**
     * @param rows  the number of rows
     * @param rowOf the row of column {@code j}'s entry, taken (not copied)
     */
    static CscMatrix of(int rows, int[] rowOf) {
        int[] colPtr = new int[rowOf.length + 1];
        for (int j = 0; j < rowOf.length; j++) {
            colPtr[j + 1] = j + 1;
        }
        double[] ones = new double[rowOf.length];
        java.util.Arrays.fill(ones, 1.0);
        return CscMatrix.wrap(rows, rowOf.length, colPtr, rowOf, ones);
    }
}
