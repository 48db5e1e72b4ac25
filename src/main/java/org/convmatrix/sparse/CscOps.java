package org.convmatrix.sparse;

import java.util.Arrays;

/**
 * Operations on {@link CscMatrix}: products with vectors, transpose, sparse product, dense view,
 * appending a column. Every method checks shapes first and reports both shapes on mismatch; all
 * build results with the per-column histogram (count, prefix sum, fill), never by sorting triplets.
 * Stateless and thread-safe.
 */
public final class CscOps {
    private CscOps() {
    }

    /** @return {@code y = A·x} */
    public static double[] multiply(CscMatrix a, double[] x) {
        double[] y = new double[a.rows()];
        multiply(a, x, y);
        return y;
    }

    /** Overwrites {@code y} with {@code A·x} (column-oriented: {@code y += x[j]·A(:, j)}). */
    public static void multiply(CscMatrix a, double[] x, double[] y) {
        requireLength("x", x.length, a.cols(), a);
        requireLength("y", y.length, a.rows(), a);
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        Arrays.fill(y, 0.0);
        for (int j = 0; j < a.cols(); j++) {
            scatterColumn(ri, v, cp[j], cp[j + 1], x[j], y);
        }
    }

    /**
     * {@code y[ri[p]] += v[p]·xj} for {@code p} in {@code [from, to)}. The rows of one column are distinct
     * (strictly increasing), so four entries are loaded before any is stored: the loads overlap instead of
     * waiting on the stores the JIT cannot prove independent. Each {@code y} entry still receives its
     * terms in column order, so the result is bit-identical to the one-at-a-time loop.
     */
    static void scatterColumn(int[] ri, double[] v, int from, int to, double xj, double[] y) {
        int p = from;
        for (; p + 3 < to; p += 4) {
            int r0 = ri[p];
            int r1 = ri[p + 1];
            int r2 = ri[p + 2];
            int r3 = ri[p + 3];
            double a0 = y[r0] + v[p] * xj;
            double a1 = y[r1] + v[p + 1] * xj;
            double a2 = y[r2] + v[p + 2] * xj;
            double a3 = y[r3] + v[p + 3] * xj;
            y[r0] = a0;
            y[r1] = a1;
            y[r2] = a2;
            y[r3] = a3;
        }
        for (; p < to; p++) {
            y[ri[p]] += v[p] * xj;
        }
    }

    /** @return {@code x = Aᵀ·y}, without forming {@code Aᵀ} */
    public static double[] multiplyTranspose(CscMatrix a, double[] y) {
        double[] x = new double[a.cols()];
        multiplyTranspose(a, y, x);
        return x;
    }

    /** Overwrites {@code x} with {@code Aᵀ·y}: {@code x[j] = Σ_p A(r_p, j)·y[r_p]}, a dot product per column. */
    public static void multiplyTranspose(CscMatrix a, double[] y, double[] x) {
        requireLength("y", y.length, a.rows(), a);
        requireLength("x", x.length, a.cols(), a);
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        for (int j = 0; j < a.cols(); j++) {
            double s = 0.0;
            for (int p = cp[j]; p < cp[j + 1]; p++) {
                s += v[p] * y[ri[p]];
            }
            x[j] = s;
        }
    }

    /** @return {@code Aᵀ} in CSC form (equivalently, {@code A} in CSR form), rows sorted */
    public static CscMatrix transpose(CscMatrix a) {
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        int nnz = a.nnz();
        int[] tp = new int[a.rows() + 1];
        for (int p = 0; p < nnz; p++) {
            tp[ri[p] + 1]++;
        }
        for (int r = 0; r < a.rows(); r++) {
            tp[r + 1] += tp[r];
        }
        int[] next = Arrays.copyOf(tp, a.rows());
        int[] tr = new int[nnz];
        double[] tv = new double[nnz];
        for (int j = 0; j < a.cols(); j++) {
            for (int p = cp[j]; p < cp[j + 1]; p++) {
                int q = next[ri[p]]++;
                tr[q] = j;
                tv[q] = v[p];
            }
        }
        return new CscMatrix(a.cols(), a.rows(), tp, tr, tv);
    }

    /**
     * @return {@code A·B}; an entry is stored where some product {@code A(i,k)·B(k,j)} is structural,
     *     so the pattern is the structural product even where values cancel
     */
    public static CscMatrix multiply(CscMatrix a, CscMatrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows() + "x" + b.cols());
        }
        int[] acp = a.colPtrView();
        int[] ari = a.rowIdxView();
        double[] av = a.valuesView();
        int[] bcp = b.colPtrView();
        int[] bri = b.rowIdxView();
        double[] bv = b.valuesView();
        int[] mark = new int[a.rows()];
        Arrays.fill(mark, -1);
        int[] cp = new int[b.cols() + 1];
        for (int j = 0; j < b.cols(); j++) {
            int count = 0;
            for (int q = bcp[j]; q < bcp[j + 1]; q++) {
                int k = bri[q];
                for (int p = acp[k]; p < acp[k + 1]; p++) {
                    if (mark[ari[p]] != j) {
                        mark[ari[p]] = j;
                        count++;
                    }
                }
            }
            cp[j + 1] = Math.addExact(cp[j], count);
        }
        int[] ri = new int[cp[b.cols()]];
        double[] v = new double[cp[b.cols()]];
        double[] acc = new double[a.rows()];
        Arrays.fill(mark, -1);
        for (int j = 0; j < b.cols(); j++) {
            int top = cp[j];
            for (int q = bcp[j]; q < bcp[j + 1]; q++) {
                int k = bri[q];
                double bkj = bv[q];
                for (int p = acp[k]; p < acp[k + 1]; p++) {
                    int r = ari[p];
                    if (mark[r] != j) {
                        mark[r] = j;
                        ri[top++] = r;
                        acc[r] = 0.0;
                    }
                    acc[r] += av[p] * bkj;
                }
            }
            Arrays.sort(ri, cp[j], top);
            for (int p = cp[j]; p < top; p++) {
                v[p] = acc[ri[p]];
            }
        }
        return new CscMatrix(a.rows(), b.cols(), cp, ri, v);
    }

    /** @return {@code [A | c]}: {@code A} with the dense column {@code c} appended (every entry stored) */
    public static CscMatrix appendColumn(CscMatrix a, double[] column) {
        requireLength("column", column.length, a.rows(), a);
        int nnz = Math.addExact(a.nnz(), a.rows());
        int[] cp = Arrays.copyOf(a.colPtrView(), a.cols() + 2);
        cp[a.cols() + 1] = nnz;
        int[] ri = Arrays.copyOf(a.rowIdxView(), nnz);
        double[] v = Arrays.copyOf(a.valuesView(), nnz);
        for (int r = 0; r < a.rows(); r++) {
            ri[a.nnz() + r] = r;
            v[a.nnz() + r] = column[r];
        }
        return new CscMatrix(a.rows(), a.cols() + 1, cp, ri, v);
    }

    /** @return the dense row-major array {@code d[r][c]}; for small matrices (tests, printing) */
    public static double[][] toDense(CscMatrix a) {
        double[][] d = new double[a.rows()][a.cols()];
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        for (int j = 0; j < a.cols(); j++) {
            for (int p = cp[j]; p < cp[j + 1]; p++) {
                d[ri[p]][j] = v[p];
            }
        }
        return d;
    }

    /** @return the number of stored entries in each row */
    /** @return the most stored entries in one row of {@code a} (0 for an empty matrix) */
    public static int longestRow(CscMatrix a) {
        int most = 0;
        for (int c : rowCounts(a)) {
            most = Math.max(most, c);
        }
        return most;
    }

    /** @return the most stored entries in one column of {@code a} (0 for an empty matrix) */
    public static int longestColumn(CscMatrix a) {
        int[] cp = a.colPtrView();
        int most = 0;
        for (int j = 0; j < a.cols(); j++) {
            most = Math.max(most, cp[j + 1] - cp[j]);
        }
        return most;
    }

    /** @return {@code |A|}: the same pattern with the absolute values (a new matrix) */
    public static CscMatrix absolute(CscMatrix a) {
        double[] v = a.values();
        for (int p = 0; p < v.length; p++) {
            v[p] = Math.abs(v[p]);
        }
        return new CscMatrix(a.rows(), a.cols(), a.colPtr(), a.rowIdx(), v);
    }

    public static int[] rowCounts(CscMatrix a) {
        int[] counts = new int[a.rows()];
        int[] ri = a.rowIdxView();
        for (int p = 0; p < a.nnz(); p++) {
            counts[ri[p]]++;
        }
        return counts;
    }

    private static void requireLength(String name, int actual, int expected, CscMatrix a) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " has length " + actual + " but the " + a.rows() + "x" + a.cols()
                    + " matrix needs " + expected);
        }
    }
}
