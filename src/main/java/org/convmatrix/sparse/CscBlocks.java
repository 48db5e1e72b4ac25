package org.convmatrix.sparse;

/**
 * Block structure: {@code I_n ⊗ A} (the block-diagonal matrix with {@code n} copies of {@code A}), the matrix of
 * a per-sample map applied to a batch of {@code n} samples. Stateless and thread-safe.
 */
public final class CscBlocks {
    private CscBlocks() {
    }

    /** @return {@code I_n ⊗ A}, of shape {@code (n·rows) × (n·cols)}, copy {@code k} in block {@code (k, k)} */
    public static CscMatrix blockDiagonal(CscMatrix a, int n) {
        int rows = Math.multiplyExact(a.rows(), n);
        int cols = Math.multiplyExact(a.cols(), n);
        int nnz = a.nnz();
        int[] acp = a.colPtrView();
        int[] ari = a.rowIdxView();
        double[] av = a.valuesView();
        int[] cp = new int[cols + 1];
        int[] ri = new int[Math.multiplyExact(nnz, n)];
        double[] v = new double[ri.length];
        for (int k = 0; k < n; k++) {
            int rowOffset = k * a.rows();
            int entryOffset = k * nnz;
            for (int j = 0; j < a.cols(); j++) {
                cp[k * a.cols() + j + 1] = entryOffset + acp[j + 1];
            }
            for (int p = 0; p < nnz; p++) {
                ri[entryOffset + p] = ari[p] + rowOffset;
                v[entryOffset + p] = av[p];
            }
        }
        return new CscMatrix(rows, cols, cp, ri, v);
    }

    /** @return {@code v} repeated {@code n} times: the bias of a per-sample map over a batch */
    public static double[] repeat(double[] v, int n) {
        double[] r = new double[Math.multiplyExact(v.length, n)];
        for (int k = 0; k < n; k++) {
            System.arraycopy(v, 0, r, k * v.length, v.length);
        }
        return r;
    }
}
