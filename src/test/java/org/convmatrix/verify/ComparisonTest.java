package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Comparison}'s verdicts, each seen to pass and to fail: the underflow term of the bound on
 * subnormal sums, errors just outside the bound at any scale, non-finite values and bad arguments.
 */
class ComparisonTest {
    private static Tensor vec(double... v) {
        return Tensor.of(new int[] {v.length}, v);
    }

    /**
     * Subnormal products, summed as the direct paths do ({@code w0·x + w1·x + w2·x}) and as
     * {@code W = W₀·P} does when padding maps two taps onto one element ({@code (w0 + w1)·x + w2·x}): in
     * the subnormal range sums are exact (the grid is uniform), so only the number of products rounded
     * differs, by up to one subnormal spacing per product.
     */
    @Test
    void mergedAndUnmergedSubnormalProductsAgreeWithinTheUnderflowTerm() {
        java.util.Random random = new java.util.Random(11);
        int needed = 0;
        for (int trial = 0; trial < 1000; trial++) {
            double w0 = (random.nextDouble() - 0.5) * 1e-308;
            double w1 = (random.nextDouble() - 0.5) * 1e-308;
            double w2 = (random.nextDouble() - 0.5) * 1e-308;
            double x = random.nextDouble() - 0.5;
            double direct = w0 * x + w1 * x + w2 * x;
            double merged = (w0 + w1) * x + w2 * x;
            double abs = Math.abs(w0 * x) + Math.abs(w1 * x) + Math.abs(w2 * x);
            assertTrue(Comparison.compare(vec(direct), vec(merged), vec(abs), 3).passed(), direct + " vs " + merged);
            if (direct != merged && 2 * Comparison.gamma(3, DotTest.U) * abs < Math.abs(direct - merged)) {
                needed++;
            }
        }
        assertTrue(needed > 100, "merged sums that differ by more than the bound without η: " + needed);
    }

    @Test
    void theBoundIsTwiceGammaTimesTheAbsoluteSumPlusTheUnderflowTerm() {
        double gamma = Comparison.gamma(4, DotTest.U);
        assertEquals(4 * 0x1p-53 / (1 - 4 * 0x1p-53), gamma);
        double tEta = 4 * Double.MIN_VALUE;
        assertEquals(2 * (gamma * 10.0 / (1 - gamma) + tEta), Comparison.bound(gamma, tEta, 10.0));
        assertEquals(8 * Double.MIN_VALUE, Comparison.bound(gamma, tEta, 0.0));
        assertEquals(Double.POSITIVE_INFINITY, Comparison.bound(Double.POSITIVE_INFINITY, tEta, 0.0));
        // γ is claimed up to t·u < 1/4 (γ < 1/3), where η_min absorbs the factors of the derivation
        assertEquals(Double.POSITIVE_INFINITY, Comparison.gamma(1L << 51, DotTest.U));
        assertEquals(0.25 / 0.75 * (1 - 0x1p-50) / (1 - 0x1p-50), Comparison.gamma((1L << 51) - 1, DotTest.U), 1e-15);
        assertTrue(Comparison.gamma((1L << 51) - 1, DotTest.U) < 1.0 / 3);
        assertEquals(Double.POSITIVE_INFINITY, Comparison.gamma(1L << 22, Comparison.FLOAT32_U));
    }

    @Test
    void anErrorJustOutsideTheBoundFailsOnSubnormalOutputs() {
        double y = 1.234e-310;
        double abs = 1.3e-310;
        double bound = Comparison.bound(Comparison.gamma(3, DotTest.U), 3 * Double.MIN_VALUE, abs);
        assertTrue(Comparison.compare(vec(y), vec(y + bound), vec(abs), 3).passed());
        Comparison.Outcome out = Comparison.compare(vec(y), vec(y + bound + Double.MIN_VALUE), vec(abs), 3);
        assertFalse(out.passed(), out.toString());
        // one ulp of the smallest normal number's magnitude, 2^-1022, on a subnormal output
        assertFalse(Comparison.compare(vec(y), vec(y + Double.MIN_NORMAL), vec(abs), 3).passed());
    }

    @Test
    void anErrorJustOutsideTheBoundFailsOnNormalOutputs() {
        // one product, 1.0 * 1.0: two correct implementations both give exactly 1.0; the bound is ~1 ulp
        assertTrue(Comparison.compare(vec(1.0), vec(Math.nextUp(1.0)), vec(1.0), 1).passed());
        Comparison.Outcome two = Comparison.compare(vec(1.0), vec(Math.nextUp(Math.nextUp(1.0))), vec(1.0), 1);
        assertFalse(two.passed(), two.toString());
        assertEquals(0x1p-51, two.maxDifference());
        assertEquals(0, two.worstIndex());
    }

    @Test
    void theWorstElementIsReported() {
        Comparison.Outcome o = Comparison.compare(vec(1, 2, 3, 4), vec(1, 2 + 1e-15, 3 + 1e-9, 4), vec(1, 2, 3, 4), 2);
        assertFalse(o.passed());
        assertEquals(2, o.worstIndex());
        assertEquals(Math.abs(3 + 1e-9 - 3), o.maxDifference());
        assertTrue(o.toString().contains("at element 2"), o.toString());
        Comparison.Outcome same = Comparison.compare(vec(1, 2), vec(1, 2), vec(1, 2), 2);
        assertTrue(same.passed());
        assertEquals(-1, same.worstIndex());
        assertEquals("max |difference| = 0.0", same.toString());
        Comparison.Outcome small = Comparison.compare(vec(1, 2), vec(1, Math.nextUp(2.0)), vec(1, 2), 2);
        assertTrue(small.passed());
        assertEquals(1, small.worstIndex(), "a first difference within the bound is still located");
        assertTrue(small.worstRatio() > 0 && small.worstRatio() <= 1, small.toString());
    }

    @Test
    void nonFiniteValuesAgreeOnlyWithThemselves() {
        double inf = Double.POSITIVE_INFINITY;
        assertTrue(Comparison.compare(vec(inf, Double.NaN), vec(inf, Double.NaN), vec(inf, 1), 1).passed());
        Comparison.Outcome nan = Comparison.compare(vec(0, Double.NaN), vec(0, 1.0), vec(1, 1), 1);
        assertFalse(nan.passed(), nan.toString());
        assertEquals(1, nan.worstIndex());
        assertTrue(Double.isNaN(nan.maxDifference()));
        assertFalse(Comparison.compare(vec(inf), vec(-inf), vec(inf), 1).passed());
        assertFalse(Comparison.compare(vec(inf), vec(Double.MAX_VALUE), vec(inf), 1).passed());
        assertFalse(Comparison.compare(vec(Double.MAX_VALUE), vec(-Double.MAX_VALUE), vec(inf), 1).passed(),
                "a difference that overflows fails");
    }

    @Test
    void float32ResultsGetFloat32sUnitRoundoffAndUnderflow() {
        assertEquals(0x1p-149, Comparison.underflow(Comparison.FLOAT32_U));
        assertEquals(Double.MIN_VALUE, Comparison.underflow(DotTest.U));
        double y = 1e-40; // a float32 subnormal
        double step = 0x1p-149;
        assertTrue(Comparison.compare(vec(y), vec(y + step), vec(y), 1, Comparison.FLOAT32_U).passed());
        assertFalse(Comparison.compare(vec(y), vec(y + step), vec(y), 1).passed(), "double's bound is far tighter");
        assertFalse(Comparison.compare(vec(y), vec(y + 4 * step), vec(y), 1, Comparison.FLOAT32_U).passed());
        assertThrows(IllegalArgumentException.class, () -> Comparison.underflow(0x1p-11));
    }

    @Test
    void edgesOfTheScan() {
        // the largest finite difference is still a number
        Comparison.Outcome max = Comparison.compare(vec(Double.MAX_VALUE), vec(0), vec(1), 1);
        assertEquals(Double.MAX_VALUE, max.maxDifference());
        assertFalse(max.passed());
        // -0.0 and 0.0 differ to Double.compare but not in value: nothing to report
        Comparison.Outcome zeros = Comparison.compare(vec(-0.0), vec(0.0), vec(0), 1);
        assertEquals(-1, zeros.worstIndex());
        assertTrue(zeros.passed());
        // of two equal ratios the first is reported
        Comparison.Outcome ties = Comparison.compare(vec(1, 1), vec(2, 2), vec(1, 1), 1);
        assertEquals(0, ties.worstIndex());
        assertTrue(ties.toString().endsWith("at element 0"), "the first element is named too: " + ties);
    }

    /**
     * Beyond {@code t·u >= 1/4} no bound is claimed ({@code γ} infinite): every difference has ratio 0 and passes,
     * and the first element that differs is still the one reported.
     */
    @Test
    void withoutABoundTheFirstDifferenceIsLocated() {
        long terms = 1L << 51; // t·u = 1/4
        Comparison.Outcome o = Comparison.compare(vec(1, 2, 3), vec(1, 5, 9), vec(1, 2, 3), terms);
        assertTrue(o.passed(), o.toString());
        assertEquals(0.0, o.worstRatio());
        assertEquals(1, o.worstIndex(), o.toString());
        assertEquals(6.0, o.maxDifference());
    }

    @Test
    void shapesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Comparison.compare(vec(1, 2), vec(1), vec(1, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> Comparison.compare(vec(1), vec(1), vec(1, 2), 1));
    }
}
