package org.convmatrix.backend;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.eig.symm.SymmetricQrAlgorithm_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Dense linear algebra the spectral code needs, behind one narrow door so that only {@code backend/}
 * imports EJML ({@code ejml-ddense}, LAPACK-style Householder bidiagonalisation + implicit QR for the SVD,
 * tridiagonal QR for the symmetric eigenproblem). Inputs are row-major {@code double[rows][cols]} and are
 * not modified. Stateless and thread-safe.
 */
public final class DenseLinearAlgebra {
    private DenseLinearAlgebra() {
    }

    /** The singular value decomposition {@code A = U·diag(s)·Vᵀ} with {@code s} descending. */
    public record Svd(double[] values, double[][] v) {
        /** @return right singular vector {@code i} (of {@code values[i]}) */
        public double[] rightVector(int i) {
            double[] out = new double[v.length];
            for (int r = 0; r < v.length; r++) {
                out[r] = v[r][i];
            }
            return out;
        }
    }

    /** The eigen decomposition {@code S = Σ λ_i z_i z_iᵀ} of a symmetric matrix, {@code λ} descending. */
    public record SymmetricEigen(double[] values, double[][] vectors) {
    }

    /** @return the {@code min(m, n)} singular values of {@code a}, descending */
    public static double[] singularValues(double[][] a) {
        return svd(a, false).values();
    }

    /**
     * @param a           the matrix, {@code m×n}
     * @param wantVectors whether to compute the full {@code n×n} right singular vectors
     * @return the singular values (descending, {@code min(m, n)} of them) and, if asked, {@code V}
     *     ({@code n×n}: columns beyond {@code min(m, n)} span the null space when {@code m < n})
     */
    public static Svd svd(double[][] a, boolean wantVectors) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        int k = Math.min(m, n);
        if (k == 0) {
            return new Svd(new double[0], wantVectors ? identity(n) : null);
        }
        DMatrixRMaj mat = new DMatrixRMaj(a);
        SingularValueDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.svd(m, n, false, wantVectors, false);
        if (!d.decompose(mat)) {
            throw new IllegalStateException("the SVD of a " + m + "x" + n + " matrix did not converge");
        }
        double[] s = d.getSingularValues();
        Integer[] order = descending(s, Math.min(s.length, k));
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
            values[i] = s[order[i]];
        }
        if (!wantVectors) {
            return new Svd(values, null);
        }
        DMatrixRMaj vt = d.getV(null, false);
        double[][] v = new double[n][n];
        boolean[] used = new boolean[n];
        for (int i = 0; i < k; i++) {
            used[order[i]] = true;
            copyColumn(vt, order[i], v, i);
        }
        int next = k;
        for (int c = 0; c < n; c++) {
            if (!used[c]) {
                copyColumn(vt, c, v, next++);
            }
        }
        return new Svd(values, v);
    }

    /** @return the eigenvalues (descending) and orthonormal eigenvectors (columns) of the symmetric {@code s} */
    public static SymmetricEigen symmetricEigen(double[][] s) {
        int n = s.length;
        DMatrixRMaj mat = new DMatrixRMaj(s);
        EigenDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.eig(n, true, true);
        if (!d.decompose(mat)) {
            throw new IllegalStateException("the eigen decomposition of a " + n + "x" + n + " matrix did not converge");
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = d.getEigenvalue(i).real;
        }
        return descendingPairs(lambda, (i, r) -> d.getEigenVector(i).get(r, 0));
    }

    /** Component {@code r} of the eigenvector of eigenvalue {@code i}, as a decomposition numbers them. */
    @FunctionalInterface
    private interface VectorEntry {
        double get(int i, int r);
    }

    /** @return the pairs sorted by descending eigenvalue, eigenvectors as columns */
    private static SymmetricEigen descendingPairs(double[] lambda, VectorEntry vector) {
        int n = lambda.length;
        Integer[] order = descending(lambda, n);
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            values[i] = lambda[order[i]];
            for (int r = 0; r < n; r++) {
                vectors[r][i] = vector.get(order[i], r);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * The eigen decomposition of the symmetric tridiagonal matrix with diagonal {@code diag} and off-diagonal
     * {@code off} ({@code off.length >= diag.length - 1}; extra entries are ignored), by EJML's implicit symmetric QR
     * algorithm run on the tridiagonal itself (no Householder reduction of a dense copy): {@code O(n²)} for the values
     * and {@code O(n³)} with a small constant for the vectors, as in {@link #symmetricEigen}.
     *
     * @return eigenvalues in descending order, eigenvectors as the columns of {@code vectors}, in the same order
     */
    public static SymmetricEigen tridiagonalEigen(double[] diag, double[] off) {
        int n = diag.length;
        SymmetricQrAlgorithm_DDRM eigenvalues = new SymmetricQrAlgorithm_DDRM();
        eigenvalues.setFastEigenvalues(true);
        double[] shifts = new double[n];
        if (!eigenvalues.process(n, diag.clone(), Arrays.copyOf(off, Math.max(0, n - 1)))) {
            throw new IllegalStateException("the eigenvalues of a " + n + "x" + n + " tridiagonal did not converge");
        }
        for (int i = 0; i < n; i++) {
            shifts[i] = eigenvalues.getEigenvalue(i);
        }
        // the vectors: the QR steps again, shifted by the known eigenvalues, accumulating their rotations in Q
        SymmetricQrAlgorithm_DDRM qr = new SymmetricQrAlgorithm_DDRM();
        qr.setQ(CommonOps_DDRM.identity(n));
        qr.setFastEigenvalues(false);
        if (!qr.process(n, diag.clone(), Arrays.copyOf(off, Math.max(0, n - 1)), shifts)) {
            throw new IllegalStateException("the eigenvectors of a " + n + "x" + n + " tridiagonal did not converge");
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = qr.getEigenvalue(i);
        }
        DMatrixRMaj q = qr.getQ(); // row i: the eigenvector of eigenvalue i (as EJML reads it)
        return descendingPairs(lambda, q::get);
    }

    /** @return the largest eigenvalue of the symmetric {@code s} (eigenvalues only, no vectors) */
    public static double largestSymmetricEigenvalue(double[][] s) {
        int n = s.length;
        EigenDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.eig(n, false, true);
        if (!d.decompose(new DMatrixRMaj(s))) {
            throw new IllegalStateException("the eigenvalues of a " + n + "x" + n + " matrix did not converge");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            best = Math.max(best, d.getEigenvalue(i).real);
        }
        return best;
    }

    private static Integer[] descending(double[] s, int k) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
        return Arrays.copyOf(order, k);
    }

    private static void copyColumn(DMatrixRMaj src, int from, double[][] dst, int to) {
        for (int r = 0; r < dst.length; r++) {
            dst[r][to] = src.get(r, from);
        }
    }

    private static double[][] identity(int n) {
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        return v;
    }
}
