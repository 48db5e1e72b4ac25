package org.convmatrix.backend;

import org.convmatrix.sparse.CscMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.CommonOps_DSCC;

/**
 * EJML adapter: {@link CscMatrix} to {@code DMatrixSparseCSC}, whose layout is the same
 * ({@code col_idx}, {@code nz_rows}, {@code nz_values}), so the arrays are copied as they are and
 * explicit zeros keep their place. Products use {@code CommonOps_DSCC.mult} / {@code multTransA}.
 */
public final class EjmlBackend implements SparseBackend {
    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public BackendMatrix load(CscMatrix w) {
        DMatrixSparseCSC m = new DMatrixSparseCSC(w.rows(), w.cols(), 0);
        m.col_idx = w.colPtr();
        m.nz_rows = w.rowIdx();
        m.nz_values = w.values();
        m.nz_length = w.nnz();
        m.indicesSorted = true;
        return new Matrix(m);
    }

    private static final class Matrix implements BackendMatrix {
        private final DMatrixSparseCSC m;

        Matrix(DMatrixSparseCSC m) {
            this.m = m;
        }

        @Override
        public int rows() {
            return m.numRows;
        }

        @Override
        public int cols() {
            return m.numCols;
        }

        @Override
        public void apply(double[] x, double[] y) {
            DMatrixRMaj out = new DMatrixRMaj(m.numRows, 1);
            CommonOps_DSCC.mult(m, DMatrixRMaj.wrap(m.numCols, 1, x), out);
            System.arraycopy(out.data, 0, y, 0, m.numRows);
        }

        @Override
        public void applyAdjoint(double[] y, double[] x) {
            DMatrixRMaj out = new DMatrixRMaj(m.numCols, 1);
            CommonOps_DSCC.multTransA(m, DMatrixRMaj.wrap(m.numRows, 1, y), out, null);
            System.arraycopy(out.data, 0, x, 0, m.numCols);
        }

        @Override
        public double get(int r, int c) {
            return m.get(r, c);
        }

        @Override
        public long storedEntries() {
            return m.nz_length;
        }

        @Override
        public Object unwrap() {
            return m;
        }

        @Override
        public String toString() {
            return "ejml " + m.numRows + "x" + m.numCols + " nnz=" + m.nz_length;
        }
    }
}
