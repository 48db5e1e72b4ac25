package org.convmatrix.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseLinearAlgebra#tridiagonalEigen} against the definition on 400 generated tridiagonals (sizes 1 to 80,
 * with zero and repeated off-diagonals, so that the matrix splits and eigenvalues repeat): every pair satisfies
 * {@code ||T v − λ v|| <= tol}, the vectors are orthonormal within {@code tol}, the values are descending and agree
 * with the dense decomposition ({@link DenseLinearAlgebra#symmetricEigen}) within {@code 2·tol}, where
 * {@code tol = γ_{n²}·||T||_F} covers the backward error of either QR algorithm (Golub &amp; Van Loan §8.3).
 */
class TridiagonalEigenTest {
    @Test
    void pairsSatisfyTheDefinitionAndAgreeWithTheDenseDecomposition() {
        SplittableRandom rnd = new SplittableRandom(0x7D1L);
        for (int example = 0; example < 400; example++) {
            int n = 1 + rnd.nextInt(80);
            double[] diag = new double[n];
            double[] off = new double[n];
            for (int i = 0; i < n; i++) {
                diag[i] = rnd.nextInt(4) == 0 ? 1.0 : rnd.nextDouble(-2, 2);
                off[i] = rnd.nextInt(6) == 0 ? 0.0 : rnd.nextInt(4) == 0 ? 0.5 : rnd.nextDouble(0, 2);
            }
            double[][] t = new double[n][n];
            double frob = 0;
            for (int i = 0; i < n; i++) {
                t[i][i] = diag[i];
                frob += diag[i] * diag[i];
                if (i + 1 < n) {
                    t[i][i + 1] = t[i + 1][i] = off[i];
                    frob += 2 * off[i] * off[i];
                }
            }
            double tol = DotTest.gamma((long) n * n + 8) * Math.sqrt(frob);
            DenseLinearAlgebra.SymmetricEigen e = DenseLinearAlgebra.tridiagonalEigen(diag, off);
            DenseLinearAlgebra.SymmetricEigen dense = DenseLinearAlgebra.symmetricEigen(t);
            assertEquals(n, e.values().length);
            for (int i = 0; i < n; i++) {
                double lambda = e.values()[i];
                String where = "n = " + n + ", pair " + i + " (example " + example + ")";
                if (i > 0) {
                    assertTrue(e.values()[i - 1] >= lambda, "not descending at " + where);
                }
                assertTrue(Math.abs(lambda - dense.values()[i]) <= 2 * tol, "value differs from dense at " + where);
                double residual = 0;
                for (int r = 0; r < n; r++) {
                    double s = -lambda * e.vectors()[r][i];
                    for (int c = Math.max(0, r - 1); c <= Math.min(n - 1, r + 1); c++) {
                        s += t[r][c] * e.vectors()[c][i];
                    }
                    residual += s * s;
                }
                assertTrue(Math.sqrt(residual) <= tol, "residual " + Math.sqrt(residual) + " > " + tol + " at " + where);
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int r = 0; r < n; r++) {
                        dot += e.vectors()[r][i] * e.vectors()[r][j];
                    }
                    assertTrue(Math.abs(dot - (i == j ? 1 : 0)) <= tol / Math.sqrt(frob) + 1e-300,
                            "not orthonormal (" + dot + ") at " + where + " with " + j);
                }
            }
        }
    }
}
