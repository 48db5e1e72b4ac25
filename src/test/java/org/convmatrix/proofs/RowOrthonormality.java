package org.convmatrix.proofs;

/** Exact test of {@code W·Wᵀ = I} on a dense matrix, shared by the two orthogonality characterisation tests. */
final class RowOrthonormality {
    private RowOrthonormality() {
    }

    /**
     * @param dense {@code W}, rows of equal length
     * @return whether every {@code Σ_t W[a][t]·W[b][t]} equals {@code [a = b]} exactly (no tolerance: the callers use
     *     dyadic entries, for which these sums are exact in doubles)
     */
    static boolean wwtIsIdentity(double[][] dense) {
        for (int a = 0; a < dense.length; a++) {
            for (int b = 0; b < dense.length; b++) {
                double sum = 0;
                for (int t = 0; t < dense[a].length; t++) {
                    sum += dense[a][t] * dense[b][t];
                }
                if (sum != (a == b ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
