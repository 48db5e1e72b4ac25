package org.convmatrix.verify;

import org.convmatrix.operator.CscOperator;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;

/**
 * The dot (adjoint) test of an operator {@code A} and its claimed adjoint, as PyLops'
 * {@code dottest}: {@code ⟨A·x, y⟩ = ⟨x, Aᵀ·y⟩}, with a rounding-error bound derived from the data.
 *
 * <p><b>Bound.</b> Computing {@code z = A·x} (row {@code i} a sum of {@code r_i} products) and then
 * {@code ⟨z, y⟩} ({@code R} terms) perturbs each product {@code a_ij x_j y_i} by at most
 * {@code r_max + R} roundings, so (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1,
 * with {@code γ_n = n·u/(1 - n·u)}, {@code u = 2⁻⁵³})
 * <pre>  |fl⟨Ax, y⟩ - ⟨Ax, y⟩| <= γ_{r_max + R} · S,   S = Σ_ij |a_ij|·|x_j|·|y_i|</pre>
 * and likewise {@code γ_{c_max + C}·S} for {@code ⟨x, Aᵀy⟩}. The test passes when the two computed
 * sides differ by at most the sum of both bounds. {@code S = ⟨|A|·|x|, |y|⟩} is computed with the
 * operator {@code |A|} (entrywise absolute values), and inflated by its own rounding bound.
 *
 * <p><b>Underflow.</b> With gradual underflow a product is {@code fl(a·b) = a·b·(1 + δ) + η},
 * {@code |η| <= η_min}, {@code δ·η = 0}, and a sum has no {@code η} (Higham §2.1, §3.1). Each element
 * of {@code A·x} then carries at most {@code r_max·η_min·(1 + γ)} more, weighted by {@code |y_i|} in the
 * outer product, and the {@code R} outer products one {@code η_min} each, so the forward side's bound is
 * <pre>  γ_{r_max + R}·S + (1 + γ_{r_max + R})·η_H·N,   N = r_max·Σ|y_i| + R</pre>
 * (likewise {@code c_max·Σ|x_j| + C} for the adjoint side), and {@code S <= (Ŝ + η_H·N)/(1 - γ)}. With
 * {@code η_min = }{@link #ETA}{@code = 2⁻¹⁰⁷⁴}, the subnormal spacing, twice Higham's {@code η_H = 2⁻¹⁰⁷⁵}
 * (half the spacing, for round to nearest; not a double), and {@code γ <= 1/3} ({@link #gamma} is
 * infinite beyond), the factors {@code (1 + γ)}, {@code γ/(1 - γ)} and the rounding of {@code N} are
 * absorbed: the bound is {@code (γ_row + γ_col)·Ŝ/(1 - γ_row) + η_min·(N_row + N_col)}. Without the
 * {@code η} terms the bound of data whose products are subnormal is 0 and the test fails on exact
 * adjoints. On
 * integer-valued data whose partial sums stay below {@code 2⁵³} every step is exact, and the two sides
 * are equal ({@link Report#exact()}).
 *
 * <p><b>Proved.</b> Without underflow, each side's error {@code γ_{r+R}·S} is {@code dot_side_error} and the
 * pass criterion {@code (γ_{r+R} + γ_{c+C})·S} is {@code dot_test_bound}, both in {@code proofs/FloatDot.v}
 * (Coq, Flocq 4); the underflow term is Higham's model, outside the Coq development.
 */
public final class DotTest {
    /** The unit roundoff of IEEE double, {@code 2⁻⁵³}. */
    public static final double U = 0x1p-53;
    /** {@code η_min}, the bound on the underflow error of one product: the subnormal spacing {@code 2⁻¹⁰⁷⁴}. */
    public static final double ETA = Double.MIN_VALUE;

    private DotTest() {
    }

    /**
     * Both sides of the identity and the bound their difference must respect.
     *
     * @param forward  {@code ⟨A·x, y⟩} as computed
     * @param adjoint  {@code ⟨x, Aᵀ·y⟩} as computed
     * @param bound    the largest difference rounding can explain
     */
    public record Report(double forward, double adjoint, double bound) {
        /** @return {@code |forward - adjoint|} */
        public double difference() {
            return Math.abs(forward - adjoint);
        }

        /** @return whether the difference is within the bound */
        public boolean passed() {
            return difference() <= bound;
        }

        /** @return whether the two sides are equal to the last bit */
        public boolean exact() {
            return forward == adjoint;
        }

        @Override
        public String toString() {
            return "<Ax, y> = " + forward + ", <x, A^T y> = " + adjoint + ", |difference| = " + difference()
                    + " <= bound " + bound + (passed() ? "" : " FAILED");
        }
    }

    /**
     * @return {@code γ_n = n·u / (1 - n·u)}, the bound on the relative error of {@code n} roundings, for
     *     {@code n·u < 1/4} ({@code γ < 1/3}, where the underflow terms are absorbed); infinite beyond
     */
    public static double gamma(long n) {
        return Comparison.gamma(n, U);
    }

    /**
     * Runs the dot test.
     *
     * @param a            the operator ({@link LinearOperator#applyAdjoint} is the adjoint under test)
     * @param absA         the operator {@code |A|} of absolute entries, for the bound
     * @param maxRowTerms  {@code r_max}, the most products in one row of {@code A}
     * @param maxColTerms  {@code c_max}, the most products in one column of {@code A}
     * @param x            a vector of length {@code a.cols()}
     * @param y            a vector of length {@code a.rows()}
     */
    public static Report run(LinearOperator a, LinearOperator absA, int maxRowTerms, int maxColTerms, double[] x,
            double[] y) {
        double forward = dot(a.apply(x), y);
        double adjoint = dot(x, a.applyAdjoint(y));
        double[] ax = abs(x);
        double[] ay = abs(y);
        long rowSteps = (long) maxRowTerms + y.length;
        long colSteps = (long) maxColTerms + x.length;
        // r_max + R < 2³³: γ is finite and far below 1/3
        double gammaRow = gamma(rowSteps);
        double gammaCol = gamma(colSteps);
        double underflow = ETA * (maxRowTerms * sum(ay) + y.length + maxColTerms * sum(ax) + x.length);
        // Ŝ itself was computed with at most rowSteps roundings of non-negative terms
        double sUpper = dot(absA.apply(ax), ay) / (1 - gammaRow);
        return new Report(forward, adjoint, (gammaRow + gammaCol) * sUpper + underflow);
    }

    private static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    /** @return {@code Σ v_i}, left to right */
    private static double sum(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s;
    }

    /** Runs the dot test of a stored matrix, its bound derived from the matrix itself. */
    public static Report run(CscMatrix w, double[] x, double[] y) {
        return runWithBoundOf(CscOperator.of(w), w, x, y);
    }

    /**
     * Runs the dot test of an operator {@code a} that claims to be {@code w}, with the bound taken from
     * {@code w}: {@code |w|} for {@code S}, its longest row and column for the rounding counts.
     */
    public static Report runWithBoundOf(LinearOperator a, CscMatrix w, double[] x, double[] y) {
        return run(a, CscOperator.of(CscOps.absolute(w)), CscOps.longestRow(w), CscOps.longestColumn(w), x, y);
    }

    /** @return {@code Σ a_i·b_i}, summed left to right */
    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot of vectors of lengths " + a.length + " and " + b.length);
        }
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
