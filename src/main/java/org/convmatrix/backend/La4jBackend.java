package org.convmatrix.backend;

import org.convmatrix.sparse.CscMatrix;
import org.la4j.Vector;
import org.la4j.matrix.sparse.CCSMatrix;
import org.la4j.vector.dense.BasicVector;

/**
 * la4j adapter: {@link CscMatrix} to {@code CCSMatrix} through its raw constructor
 * {@code CCSMatrix(rows, cols, cardinality, values, rowIndices, columnPointers)} (building by
 * {@code set} is quadratic). la4j cannot hold explicit zeros, so entries whose value is exactly zero
 * are dropped on the way: {@link BackendMatrix#storedEntries()} counts the non-zero values only.
 */
public final class La4jBackend implements SparseBackend {
    @Override
    public String name() {
        return "la4j";
    }

    @Override
    public BackendMatrix load(CscMatrix w) {
        int kept = 0;
        for (int p = 0; p < w.nnz(); p++) {
            if (w.valueAt(p) != 0.0) {
                kept++;
            }
        }
        int[] colPtr = new int[w.cols() + 1];
        int[] rows = new int[kept];
        double[] values = new double[kept];
        int q = 0;
        for (int j = 0; j < w.cols(); j++) {
            for (int p = w.colStart(j); p < w.colEnd(j); p++) {
                if (w.valueAt(p) != 0.0) {
                    rows[q] = w.rowAt(p);
                    values[q] = w.valueAt(p);
                    q++;
                }
            }
            colPtr[j + 1] = q;
        }
        return new Matrix(new CCSMatrix(w.rows(), w.cols(), kept, values, rows, colPtr));
    }

    private static final class Matrix implements BackendMatrix {
        private final CCSMatrix m;

        Matrix(CCSMatrix m) {
            this.m = m;
        }

        @Override
        public int rows() {
            return m.rows();
        }

        @Override
        public int cols() {
            return m.columns();
        }

        @Override
        public void apply(double[] x, double[] y) {
            Vector r = m.multiply(BasicVector.fromArray(x.clone()));
            for (int i = 0; i < y.length; i++) {
                y[i] = r.get(i);
            }
        }

        @Override
        public void applyAdjoint(double[] y, double[] x) {
            Vector r = BasicVector.fromArray(y.clone()).multiply(m);
            for (int i = 0; i < x.length; i++) {
                x[i] = r.get(i);
            }
        }

        @Override
        public double get(int r, int c) {
            return m.get(r, c);
        }

        @Override
        public long storedEntries() {
            return m.cardinality();
        }

        @Override
        public Object unwrap() {
            return m;
        }
    }
}
