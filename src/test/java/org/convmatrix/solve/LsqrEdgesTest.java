package org.convmatrix.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.operator.LinearOperator;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * LSQR's settings and its early exits: settings out of range are refused naming the flag and the range; a zero
 * right-hand side, or one orthogonal to {@code range(A)}, has the solution 0 without an iteration; the iteration
 * limit ends an unconverged solve; the residuals reported are those of the returned {@code x}.
 */
class LsqrEdgesTest {
    /** {@code diag(d)}, a square operator. */
    private static LinearOperator diagonal(double... d) {
        return new LinearOperator() {
            @Override
            public int rows() {
                return d.length;
            }

            @Override
            public int cols() {
                return d.length;
            }

            @Override
            public void apply(double[] x, double[] y) {
                for (int i = 0; i < d.length; i++) {
                    y[i] = d[i] * x[i];
                }
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                apply(y, x);
            }
        };
    }

    /** The 2 × 1 matrix {@code [1; 0]}: its range is the first axis. */
    private static final LinearOperator FIRST_AXIS = new LinearOperator() {
        @Override
        public int rows() {
            return 2;
        }

        @Override
        public int cols() {
            return 1;
        }

        @Override
        public void apply(double[] x, double[] y) {
            y[0] = x[0];
            y[1] = 0;
        }

        @Override
        public void applyAdjoint(double[] y, double[] x) {
            x[0] = y[0];
        }
    };

    private static String refused(double lambda, double tol, int maxIter) {
        return assertThrows(IllegalArgumentException.class, () -> new Lsqr.Options(lambda, tol, maxIter, 1)).getMessage();
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheFlag() {
        assertEquals("--lambda must be >= 0 and finite but was -1.0", refused(-1, 0.5, 1));
        assertEquals("--lambda must be >= 0 and finite but was NaN", refused(Double.NaN, 0.5, 1));
        assertEquals("--lambda must be >= 0 and finite but was Infinity", refused(Double.POSITIVE_INFINITY, 0.5, 1));
        assertEquals("--tol must be in (0, 1) but was 0.0", refused(0, 0, 1));
        assertEquals("--tol must be in (0, 1) but was 1.0", refused(0, 1, 1));
        assertEquals("--tol must be in (0, 1) but was NaN", refused(0, Double.NaN, 1));
        assertEquals("--max-iter must be >= 1 but was 0", refused(0, 0.5, 0));
        Lsqr.Options least = new Lsqr.Options(0, Double.MIN_VALUE, 1, 1);
        assertEquals(1, least.maxIter());
        assertEquals(Math.nextDown(1.0), new Lsqr.Options(Double.MAX_VALUE, Math.nextDown(1.0), 1, 1).tol());
    }

    @Test
    void theRightHandSideMustHaveARowPerRowOfA() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lsqr.solve(diagonal(1, 2), new double[3], new Lsqr.Options(0, 1e-12, 5, 1)));
        assertEquals("y must have A's 2 rows but had 3", e.getMessage());
    }

    @Test
    void aZeroRightHandSideIsSolvedByZeroWithoutIterating() {
        Lsqr.Result r = Lsqr.solve(diagonal(1, 2), new double[2], new Lsqr.Options(0, 1e-12, 5, 1));
        assertArrayEquals(new double[2], r.x());
        assertEquals(0, r.iterations());
        assertTrue(r.converged());
        assertEquals(0.0, r.residual());
    }

    /** {@code y ⟂ range(A)}: {@code Aᵀy = 0}, the least-squares solution of minimum norm is 0, its residual {@code ||y||}. */
    @Test
    void aRightHandSideOrthogonalToTheRangeIsSolvedByZero() {
        Lsqr.Result r = Lsqr.solve(FIRST_AXIS, new double[] {0, 3}, new Lsqr.Options(0, 1e-12, 5, 1));
        assertArrayEquals(new double[1], r.x());
        assertEquals(0, r.iterations());
        assertTrue(r.converged());
        assertEquals(3.0, r.residual());
        assertEquals(0.0, r.normalResidual());
    }

    /** {@code A = 3·I}: the Krylov space of {@code Aᵀy} holds the solution, found in one step with {@code β₂ = 0}. */
    @Test
    void aMultipleOfTheIdentityIsSolvedInOneIteration() {
        double[] y = {3, 6, 9};
        Lsqr.Result r = Lsqr.solve(diagonal(3, 3, 3), y, new Lsqr.Options(0, 1e-12, 5, 1));
        assertEquals(1, r.iterations());
        assertTrue(r.converged());
        double[] expected = {1, 2, 3};
        for (int i = 0; i < 3; i++) {
            // a handful of roundings of the normalisations (‖y‖, 1/β, 1/α, φ/ρ): 8 roundings bound them
            assertEquals(expected[i], r.x()[i], DotTest.gamma(8) * expected[i], "x[" + i + "]");
        }
    }

    /**
     * {@code A = diag(1, 2)}, {@code y = (1, 1)}: the solution {@code (1, 1/2)} needs two Krylov directions, so one
     * iteration ends unconverged, and the residuals are those of the {@code x} returned.
     */
    @Test
    void theIterationLimitEndsAnUnconvergedSolve() {
        LinearOperator a = diagonal(1, 2);
        double[] y = {1, 1};
        Lsqr.Result r = Lsqr.solve(a, y, new Lsqr.Options(0, 1e-12, 1, 1));
        assertFalse(r.converged());
        assertEquals(1, r.iterations());
        double[] x = r.x();
        // the first iterate minimises ||y − A x|| over span{Aᵀy}: x₁ = (||Aᵀy||² / ||AAᵀy||²)·Aᵀy = 5/17·(1, 2)
        assertEquals(5.0 / 17, x[0], DotTest.gamma(16) * x[0]);
        assertEquals(10.0 / 17, x[1], DotTest.gamma(16) * x[1]);
        double r0 = y[0] - x[0];
        double r1 = y[1] - 2 * x[1];
        double residual = Math.hypot(r0, r1);
        assertTrue(residual > 0.1, "one step cannot solve it: " + residual);
        assertEquals(residual, r.residual(), DotTest.gamma(4) * residual);
        double normal = Math.hypot(r0, 2 * r1);
        assertEquals(normal, r.normalResidual(), DotTest.gamma(4) * normal);
        Lsqr.Result two = Lsqr.solve(a, y, new Lsqr.Options(0, 1e-12, 5, 1));
        assertTrue(two.converged());
        assertEquals(2, two.iterations());
    }

    /** With damping {@code λ} the normal residual reported is {@code ||Aᵀ(y − Ax) − λ²x||}, zero at the solution. */
    @Test
    void theDampedNormalResidualIncludesTheDampingTerm() {
        double lambda = 2;
        Lsqr.Result r = Lsqr.solve(diagonal(1, 1), new double[] {5, 10}, new Lsqr.Options(lambda, 1e-12, 5, 1));
        assertTrue(r.converged());
        // (AᵀA + λ²I) x = Aᵀy: x = y / 5, reached in one step (β₂ = 0) whose at most 16 roundings (two norms, two
        // scalings, two hypot, the rotations' quotients and products, the update) bound x's relative error by γ_16
        assertEquals(1, r.iterations());
        assertEquals(1.0, r.x()[0], DotTest.gamma(16));
        assertEquals(2.0, r.x()[1], DotTest.gamma(16) * 2);
        double undamped = Math.hypot(5 - r.x()[0], 10 - r.x()[1]);
        assertEquals(undamped, r.residual(), DotTest.gamma(4) * undamped);
        // exactly 0 at x = y/5; x's error and the rounding of r and λ²x make it at most γ_16·(||r|| + λ²||x||) each
        double scale = undamped + lambda * lambda * Math.hypot(r.x()[0], r.x()[1]);
        assertTrue(r.normalResidual() <= 2 * DotTest.gamma(16) * scale, "||A^T r - λ² x|| = " + r.normalResidual());
    }
}
