package org.convmatrix.verify;

import org.convmatrix.spec.Tensor;

/**
 * Element-wise comparison of two results of the same layer, within a bound derived from the data.
 *
 * <p>Each output is a sum of at most {@code t} terms (products of a weight and an input element, plus
 * the bias). With Higham's model of arithmetic with gradual underflow (<i>Accuracy and Stability of
 * Numerical Algorithms</i>, 2nd ed., §2.1 and §3.1), {@code fl(a·b) = a·b·(1 + δ) + η},
 * {@code |δ| <= u}, {@code |η| <= η_H}, {@code δ·η = 0}, and sums rounded with {@code δ} only (a sum that
 * underflows is exact), any summation order computes the output with an error of at most
 * {@code γ_t·T_i + t·η_H·(1 + γ_t)}, where {@code T_i} is the same sum taken over absolute values (the
 * layer with {@code |w|}, {@code |b|} applied to {@code |x|}). A fused multiply-add obeys the same model.
 * {@code T_i} is itself computed: {@code T̂_i >= T_i·(1 - γ_t) - t·η_H}. Together
 * <pre>  e_i <= γ_t·T̂_i/(1 - γ_t) + t·η_H·(1 + γ_t + γ_t/(1 - γ_t)) <= γ_t·T̂_i/(1 - γ_t) + t·η_min</pre>
 * with {@code η_min = 2·η_H} and {@code γ_t <= 1/3} ({@link #gamma} is infinite beyond). Two
 * implementations agree within {@code 2·e_i} per element.
 *
 * <p><b>{@code η_H} and {@code η_min}.</b> Higham's bound for round to nearest is half the subnormal
 * spacing, {@code u·λ} ({@code λ} the smallest normal number): {@code 2⁻¹⁰⁷⁵} for double, {@code 2⁻¹⁵⁰}
 * for float32. This class uses {@code η_min} = the subnormal spacing, {@code 2⁻¹⁰⁷⁴} ({@link Double#MIN_VALUE};
 * {@code 2⁻¹⁴⁹} for float32), which is representable and absorbs the factors above. On normal data the term
 * is below {@code 10⁻³⁰⁰} and changes nothing; on subnormal products it is the whole bound (without it
 * {@code T̂_i} underflows to 0 and results identical to PyTorch's would fail).
 *
 * <p><b>Proved.</b> Without underflow the rounding part is proved in Coq with Flocq
 * ({@code proofs/FloatDot.v}): {@code fdot_error} and {@code tree_error} give {@code γ_n·Σ|aᵢbᵢ|} for the
 * loops and the partial-sum trees the products use ({@code ffma_error} for the fused loops of the matrix-free
 * products), and {@code two_orders_agree} / {@code two_trees_agree} / {@code fused_and_unfused_agree} give the
 * {@code 2·γ_t} agreement of two orders used here. The underflow term {@code t·η_min} follows
 * Higham's model and is not part of the Coq development (see {@code proofs/README.md}, section 11).
 */
public final class Comparison {
    /** The unit roundoff of IEEE binary32, {@code 2⁻²⁴}. */
    public static final double FLOAT32_U = 0x1p-24;
    /** The subnormal spacing of IEEE binary32, {@code 2⁻¹⁴⁹}: {@code η_min} for float32 results. */
    public static final double FLOAT32_ETA = 0x1p-149;

    private Comparison() {
    }

    /**
     * The result of comparing.
     *
     * @param maxDifference   the largest {@code |a_i - b_i|}
     * @param worstRatio      the largest {@code |a_i - b_i| / bound_i} (pass when {@code <= 1})
     * @param worstIndex      where that ratio occurs, or -1
     */
    public record Outcome(double maxDifference, double worstRatio, int worstIndex) {
        public boolean passed() {
            return worstRatio <= 1.0;
        }

        @Override
        public String toString() {
            return "max |difference| = " + maxDifference + (worstIndex < 0 ? "" : ", worst difference/bound = "
                    + String.format("%.3g", worstRatio) + " at element " + worstIndex);
        }
    }

    /**
     * @param a         one result
     * @param b         the other, same shape
     * @param absolute  the layer on absolute values, {@code T}, same shape
     * @param terms     {@code t}, the most terms in one output
     */
    public static Outcome compare(Tensor a, Tensor b, Tensor absolute, long terms) {
        return compare(a, b, absolute, terms, DotTest.U);
    }

    /**
     * As {@link #compare(Tensor, Tensor, Tensor, long)} for results of which the less accurate was computed
     * with unit roundoff {@code unitRoundoff}: {@code 2⁻⁵³} (double) or {@code 2⁻²⁴} (float32, whose
     * {@code η_min} is {@code 2⁻¹⁴⁹}); the bound is {@code 2·e_i} with {@code γ_t(u)}.
     *
     * @throws IllegalArgumentException for any other unit roundoff
     */
    public static Outcome compare(Tensor a, Tensor b, Tensor absolute, long terms, double unitRoundoff) {
        if (a.size() != b.size() || a.size() != absolute.size()) {
            throw new IllegalArgumentException("cannot compare tensors of shapes " + a + ", " + b + " and " + absolute);
        }
        double gamma = gamma(terms, unitRoundoff);
        double tEta = terms * underflow(unitRoundoff);
        double maxDiff = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < a.size(); i++) {
            if (Double.compare(a.get(i), b.get(i)) == 0) {
                continue; // equal, including the same infinity or both NaN
            }
            double diff = Math.abs(a.get(i) - b.get(i));
            if (!(diff <= Double.MAX_VALUE)) {
                return new Outcome(Double.NaN, Double.POSITIVE_INFINITY, i);
            }
            maxDiff = Math.max(maxDiff, diff);
            double bound = bound(gamma, tEta, absolute.get(i));
            double ratio = diff / bound;
            if (ratio > worst || worstAt < 0 && diff > 0) {
                worst = ratio;
                worstAt = i;
            }
        }
        return new Outcome(maxDiff, worst, worstAt);
    }

    /**
     * @return {@code 2·(γ·T̂/(1 - γ) + t·η_min)}: twice the error of one implementation (see the class
     *     javadoc); infinite when {@code γ} is
     */
    static double bound(double gamma, double tEta, double absolute) {
        if (gamma == Double.POSITIVE_INFINITY) {
            return gamma;
        }
        return 2 * (gamma * absolute / (1 - gamma) + tEta);
    }

    /**
     * @return {@code γ_t(u) = t·u/(1 - t·u)} for {@code t·u < 1/4} ({@code γ < 1/3}, where {@code η_min}
     *     absorbs the factors of the class javadoc), else infinite: no bound is claimed for sums that long
     */
    static double gamma(long terms, double unitRoundoff) {
        double tu = terms * unitRoundoff;
        return tu >= 0.25 ? Double.POSITIVE_INFINITY : tu / (1 - tu);
    }

    /**
     * @return {@code η_min} of the format with this unit roundoff: the subnormal spacing, {@code 2⁻¹⁰⁷⁴}
     *     for double, {@code 2⁻¹⁴⁹} for float32
     * @throws IllegalArgumentException for a unit roundoff of neither
     */
    static double underflow(double unitRoundoff) {
        if (unitRoundoff == DotTest.U) {
            return DotTest.ETA;
        }
        if (unitRoundoff == FLOAT32_U) {
            return FLOAT32_ETA;
        }
        throw new IllegalArgumentException("unit roundoff must be 2^-53 (double) or 2^-24 (float32) but was "
                + unitRoundoff);
    }
}
