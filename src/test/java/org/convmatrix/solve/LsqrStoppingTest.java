package org.convmatrix.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.operator.LinearOperator;
import org.junit.jupiter.api.Test;

/**
 * The iteration at which LSQR stops, against the stopping quantities computed here from their definitions
 * (Paige &amp; Saunders 1982, §5–6), without LSQR's recurrences:
 * <ul>
 *   <li>the {@code k}-th iterate {@code x_k} minimises {@code ||A x − y||² + λ²||x||²} over the Krylov space
 *       {@code K_k = span{Aᵀy, (AᵀA)Aᵀy, …, (AᵀA)^{k−1}Aᵀy}}: with an orthonormal basis {@code V_k} of {@code K_k}
 *       (Gram–Schmidt, twice), {@code x_k = V_k z}, {@code (V_kᵀ(AᵀA + λ²I)V_k) z = V_kᵀAᵀy};</li>
 *   <li>LSQR's {@code ||A||} after {@code k} steps is the Frobenius norm of the damped bidiagonal,
 *       {@code ||B_k||_F² + kλ²}; since {@code A V_k = U_{k+1} B_k} with orthonormal {@code U_{k+1}},
 *       {@code ||B_k||_F = ||A V_k||_F} for any orthonormal basis of {@code K_k};</li>
 *   <li>{@code ||r̄_k||² = ||y − A x_k||² + λ²||x_k||²} and {@code ||Āᵀr̄_k|| = ||Aᵀ(y − A x_k) − λ²x_k||}.</li>
 * </ul>
 * LSQR stops at the first {@code k} with S1 {@code ||r̄|| <= tol·||y|| + tol·||A||·||x||} or S2
 * {@code ||Āᵀr̄|| <= tol·||A||·||r̄||}, i.e. where {@code m_k = min(q1_k, q2_k) <= tol} with
 * {@code q1 = ||r̄|| / (||y|| + ||A||·||x||)}, {@code q2 = ||Āᵀr̄|| / (||A||·||r̄||)}. A tolerance a relative
 * {@code 10⁻⁶} above {@code m_K} (and below every earlier {@code m_j}) stops it at {@code K}; one a relative
 * {@code 10⁻⁶} below {@code m_K} does not. The problems are small and well conditioned (diagonally dominant, and
 * each new Krylov direction keeps more than {@code 10⁻³} of its length after orthogonalisation, which is checked),
 * so both computations agree to about {@code 10⁻¹³}, far inside the margin. A wrong {@code ||A||} estimate, a wrong
 * {@code ||r̄||} or {@code ||Āᵀr̄||}, or a wrong side of S1 or S2 moves the stop by at least one iteration.
 */
class LsqrStoppingTest {
    private static final double MARGIN = 1e-6;

    /** The stopping quantities of one iterate, from the definitions. */
    private record Step(double q1, double q2) {
        double m() {
            return Math.min(q1, q2);
        }
    }

    private static LinearOperator dense(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        return new LinearOperator() {
            @Override
            public int rows() {
                return m;
            }

            @Override
            public int cols() {
                return n;
            }

            @Override
            public void apply(double[] x, double[] y) {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += a[i][j] * x[j];
                    }
                    y[i] = s;
                }
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int i = 0; i < m; i++) {
                        s += a[i][j] * y[i];
                    }
                    x[j] = s;
                }
            }
        };
    }

    /** The quantities S1 and S2 compare after {@code k = 1 … min(m, n)} steps (the rank: {@code A} has full rank). */
    private static Step[] steps(double[][] a, double[] y, double lambda) {
        LinearOperator op = dense(a);
        int n = a[0].length;
        int rank = Math.min(a.length, n);
        double l2 = lambda * lambda;
        double bnorm = norm(y);
        Step[] out = new Step[rank];
        double[][] basis = new double[rank][];
        double[] next = op.applyAdjoint(y);
        for (int k = 1; k <= rank; k++) {
            double[] v = next.clone();
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < k - 1; i++) {
                    axpy(-dot(basis[i], v), basis[i], v);
                }
            }
            double len = norm(v);
            assertTrue(len > 1e-3 * norm(next), "the Krylov space of step " + k + " is (nearly) degenerate");
            scale(1 / len, v);
            basis[k - 1] = v;
            next = op.applyAdjoint(op.apply(v));
            // the projected damped normal equations G z = h, G = V_kᵀ(AᵀA + λ²I)V_k, h = V_kᵀAᵀy
            double[][] av = new double[k][];
            double fro2 = 0;
            for (int i = 0; i < k; i++) {
                av[i] = op.apply(basis[i]);
                fro2 += dot(av[i], av[i]);
            }
            double[][] g = new double[k][k];
            double[] h = new double[k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    g[i][j] = dot(av[i], av[j]) + (i == j ? l2 : 0);
                }
                h[i] = dot(av[i], y);
            }
            double[] z = solveSpd(g, h);
            double[] x = new double[n];
            for (int i = 0; i < k; i++) {
                axpy(z[i], basis[i], x);
            }
            double[] r = y.clone();
            axpy(-1, op.apply(x), r);
            double[] normal = op.applyAdjoint(r);
            axpy(-l2, x, normal);
            double anorm = Math.sqrt(fro2 + k * l2);
            double xnorm = norm(x);
            double rnorm = Math.sqrt(dot(r, r) + l2 * xnorm * xnorm);
            out[k - 1] = new Step(rnorm / (bnorm + anorm * xnorm), norm(normal) / (anorm * rnorm));
        }
        return out;
    }

    /**
     * For every {@code K} whose {@code m_K} lies clearly below all earlier ones: a tolerance just above {@code m_K}
     * stops LSQR at {@code K}, converged; one just below does not stop it by {@code K}.
     *
     * @return how many {@code K} were checked
     */
    private static int checkStops(double[][] a, double[] y, double lambda, String name) {
        Step[] s = steps(a, y, lambda);
        LinearOperator op = dense(a);
        int checked = 0;
        double earlier = Double.POSITIVE_INFINITY;
        for (int k = 1; k < s.length; k++) {
            double mk = s[k - 1].m();
            double above = mk * (1 + MARGIN);
            if (above * (1 + MARGIN) < earlier && mk > 1e-9) {
                Lsqr.Result stops = Lsqr.solve(op, y, new Lsqr.Options(lambda, above, 100, 1));
                assertEquals(k, stops.iterations(), name + ": tol " + above + " just above m_" + k + " = " + mk
                        + " (q1 " + s[k - 1].q1() + ", q2 " + s[k - 1].q2() + ", earlier m >= " + earlier + ")");
                assertTrue(stops.converged(), name + ": converged at " + k);
                Lsqr.Result goesOn = Lsqr.solve(op, y, new Lsqr.Options(lambda, mk * (1 - MARGIN), 100, 1));
                assertTrue(goesOn.iterations() > k, name + ": tol just below m_" + k + " = " + mk + " stopped at "
                        + goesOn.iterations());
                checked++;
            }
            earlier = Math.min(earlier, mk);
        }
        return checked;
    }

    private static double[][] randomMatrix(int m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = r.nextDouble() * 2 - 1;
            }
        }
        for (int j = 0; j < Math.min(m, n); j++) {
            a[j][j] += 3; // diagonally dominant: full rank, well conditioned
        }
        return a;
    }

    private static double[] randomVector(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    /** {@code y = A x}: S1, the consistent-system test, ends the solve (its {@code q1 → 0}). */
    @Test
    void aConsistentSystemStopsWhereS1IsFirstMet() {
        double[][] a = randomMatrix(8, 5, 11);
        double[] y = dense(a).apply(randomVector(5, 12));
        Step[] s = steps(a, y, 0);
        assertTrue(s[2].q1() < s[2].q2(), "S1 binds: q1 " + s[2].q1() + ", q2 " + s[2].q2());
        assertTrue(checkStops(a, y, 0, "consistent") >= 3);
    }

    /** {@code y} with a part outside {@code range(A)}: {@code ||r||} stays away from 0, S2 ends the solve. */
    @Test
    void anInconsistentSystemStopsWhereS2IsFirstMet() {
        double[][] a = randomMatrix(8, 5, 21);
        double[] y = randomVector(8, 22);
        Step[] s = steps(a, y, 0);
        assertTrue(s[2].q2() < s[2].q1(), "S2 binds: q1 " + s[2].q1() + ", q2 " + s[2].q2());
        assertTrue(checkStops(a, y, 0, "inconsistent") >= 3);
    }

    /** With damping the estimates are those of {@code [A; λI]}: {@code ||A||² + kλ²}, {@code ||r||² + λ²||x||²}. */
    @Test
    void aDampedSystemStopsWhereTheDampedTestsAreFirstMet() {
        double[][] a = randomMatrix(8, 5, 31);
        double[] y = dense(a).apply(randomVector(5, 32));
        assertTrue(checkStops(a, y, 0.7, "damped consistent") >= 3);
        double[] y2 = randomVector(8, 33);
        assertTrue(checkStops(a, y2, 0.7, "damped inconsistent") >= 3);
    }

    /** A wide matrix ({@code m < n}): the same tests, with {@code y} always in the range. */
    @Test
    void aWideSystemStopsWhereTheTestsAreFirstMet() {
        double[][] a = randomMatrix(4, 7, 41);
        double[] y = randomVector(4, 42);
        assertTrue(checkStops(a, y, 0, "wide") >= 2);
        assertTrue(checkStops(a, y, 0.3, "wide damped") >= 2);
    }

    /** Unconverged at the limit: the last tolerance still unmet leaves {@code converged} false. */
    @Test
    void aToleranceBelowEveryStepLeavesTheSolveUnconverged() {
        double[][] a = randomMatrix(8, 5, 21);
        double[] y = randomVector(8, 22);
        Step[] s = steps(a, y, 0);
        double least = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            least = Math.min(least, s[k].m());
        }
        Lsqr.Result r = Lsqr.solve(dense(a), y, new Lsqr.Options(0, least * (1 - MARGIN), 3, 1));
        assertEquals(3, r.iterations());
        assertFalse(r.converged());
    }

    /** Cholesky solve of a small symmetric positive definite system. */
    private static double[] solveSpd(double[][] g, double[] h) {
        int k = h.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = g[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double[] z = h.clone();
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < i; p++) {
                z[i] -= l[i][p] * z[p];
            }
            z[i] /= l[i][i];
        }
        for (int i = k - 1; i >= 0; i--) {
            for (int p = i + 1; p < k; p++) {
                z[i] -= l[p][i] * z[p];
            }
            z[i] /= l[i][i];
        }
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static void scale(double alpha, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= alpha;
        }
    }
}
