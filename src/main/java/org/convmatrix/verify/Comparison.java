package org.convmatrix.verify;

import org.convmatrix.spec.Tensor;

/**
 * Element-wise comparison of two results of the same layer, within a bound derived from the data.
 *
 * <p>Each output is a sum of at most {@code t} terms (products of a weight and an input element, plus
 * the bias). Any summation order computes it with an error of at most {@code γ_t·T_i}, where
 * {@code T_i} is the same sum taken over absolute values (the layer with {@code |w|}, {@code |b|} applied
 * to {@code |x|}). Two implementations therefore agree within {@code 2·γ_t·T_i} per element.
 */
public final class Comparison {
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
     * with unit roundoff {@code unitRoundoff} (e.g. {@code 2⁻²⁴} for float32): the bound is
     * {@code 2·γ_t(u)·T_i}.
     */
    public static Outcome compare(Tensor a, Tensor b, Tensor absolute, long terms, double unitRoundoff) {
        if (a.size() != b.size() || a.size() != absolute.size()) {
            throw new IllegalArgumentException("cannot compare tensors of shapes " + a + ", " + b + " and " + absolute);
        }
        double tu = terms * unitRoundoff;
        double gamma2 = tu >= 1 ? Double.POSITIVE_INFINITY : 2 * tu / (1 - tu);
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
            double bound = gamma2 * absolute.get(i);
            double ratio = diff == 0 ? 0 : diff / bound;
            if (ratio > worst || worstAt < 0 && diff > 0) {
                worst = ratio;
                worstAt = i;
            }
        }
        return new Outcome(maxDiff, worst, worstAt);
    }
}
