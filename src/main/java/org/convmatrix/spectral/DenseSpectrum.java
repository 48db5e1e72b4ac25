package org.convmatrix.spectral;

import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;

/**
 * Every singular value of a small stored matrix by a dense SVD (EJML, behind {@link DenseLinearAlgebra}),
 * its numerical rank and, when the null space is not trivial, a unit null vector.
 *
 * <p><b>Rank.</b> The count of singular values above {@code tol = max(m, n)·u·σ_1} (as NumPy's
 * {@code matrix_rank} and MATLAB's {@code rank}); a backward-stable SVD computes the singular values of
 * {@code A + E} with {@code ||E||₂ = O(u·||A||₂)} (Golub &amp; Van Loan, 4th ed., §8.6.4), so values below the
 * threshold are indistinguishable from zero. Immutable.
 *
 * @param values    the {@code min(m, n)} singular values, descending
 * @param rank      the numerical rank
 * @param tolerance the rank threshold
 * @param nullVector a unit {@code x} with {@code ||Ax||} at rounding level (a right singular vector of a zero
 *                   singular value, or of the null space when {@code m < n}), or {@code null} for full column rank
 */
public record DenseSpectrum(double[] values, int rank, double tolerance, double[] nullVector) {
    /** The largest {@code rows·cols} this class will densify (8 bytes each: 128 MiB). */
    public static final long MAX_ENTRIES = 1L << 24;

    /** @return the spectrum of {@code a}; {@code wantNull} also computes {@code V} for the null vector */
    public static DenseSpectrum of(CscMatrix a, boolean wantNull) {
        long entries = (long) a.rows() * a.cols();
        if (entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("dense SVD needs rows*cols <= " + MAX_ENTRIES + " but was " + entries);
        }
        DenseLinearAlgebra.Svd svd = DenseLinearAlgebra.svd(CscOps.toDense(a), wantNull);
        double[] s = svd.values();
        double top = s.length == 0 ? 0 : s[0];
        double tol = Math.max(a.rows(), a.cols()) * 0x1p-53 * top;
        int rank = 0;
        while (rank < s.length && s[rank] > tol) {
            rank++;
        }
        double[] nullVector = wantNull && rank < a.cols() ? svd.rightVector(a.cols() - 1) : null;
        return new DenseSpectrum(s, rank, tol, nullVector);
    }

    /** @return {@code σ_max} */
    public double max() {
        return values.length == 0 ? 0 : values[0];
    }

    /** @return {@code σ_min} of the {@code min(m, n)} values */
    public double min() {
        return values.length == 0 ? 0 : values[values.length - 1];
    }
}
