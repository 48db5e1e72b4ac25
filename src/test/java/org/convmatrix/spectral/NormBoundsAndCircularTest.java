package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * {@link NormBounds} and {@link CircularSpectrum} against values computed here from their definitions: the Frobenius
 * norm of integer weights (exact), the reshaped kernels of the Singla–Feizi bound built by index, and the per-frequency
 * matrices {@code K(ω)} of kernels whose largest frequency response is known in closed form.
 */
class NormBoundsAndCircularTest {
    private static ConvLayer layer(ConvSpec spec, long seed, boolean integers) {
        double[] w = new double[spec.kernelVolume() * spec.weightShape()[0] * spec.weightShape()[1]];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = integers ? rnd.nextInt(-3, 4) : rnd.nextDouble(-1, 1);
        }
        return ConvLayer.of(spec, w, null);
    }

    /**
     * For zero padding, {@code ||A||_F² = Σ A_ij²} of integer weights is exact; the bound is
     * {@code √(S·(1 + γ_{t+r+2}))·(1 + 2⁻⁵²)} ({@code t} the row terms, {@code r} the rows), to the bit, and leaves
     * the layer's weights as they were. Other padding modes and ops that are no convolution give NaN.
     */
    @Test
    void frobeniusOfZeroPaddingIsTheExactSumRoundedUp() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3, 2).padding(1, 1).stride(2, 1).build();
        ConvLayer l = layer(spec, 3, true);
        double[] before = l.weight().data();
        CaseOperators.Operators ops = CaseOperators.of(l, new int[] {7, 5}, 1);
        CscMatrix a = ops.matrix();
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            for (int p = a.colStart(j); p < a.colEnd(j); p++) {
                s += a.valueAt(p) * a.valueAt(p);
            }
        }
        double want = Math.sqrt(s * (1 + DotTest.gamma((long) ops.maxRowTerms() + a.rows() + 2))) * (1 + 0x1p-52);
        assertEquals(want, NormBounds.frobeniusZeroPadding(ops));
        assertArrayEquals(before, l.weight().data());
        ConvSpec reflect = spec.toBuilder().paddingMode(PaddingMode.REFLECT).build();
        assertTrue(Double.isNaN(NormBounds.frobeniusZeroPadding(CaseOperators.of(layer(reflect, 3, true), new int[] {7, 5}, 1))));
        CaseOperators.Operators lowered = CaseOperators.of(org.convmatrix.ops.Ops.lower(l, new int[] {1, 2, 7, 5}), 1);
        assertTrue(Double.isNaN(NormBounds.frobeniusZeroPadding(lowered)));
        assertEquals(5, NormBounds.frobenius(new double[][] {{3, 0}, {0, -4}}));
    }

    /** @return {@code σ_max} of the reshaped kernel of group {@code g}, built here by index */
    private static double reshaped(double[] w, int[] k, int rg, int cg, int g, boolean axis0InS, boolean axis1InS) {
        int in0 = axis0InS ? k[0] : 1;
        int in1 = axis1InS ? k[1] : 1;
        int inS = in0 * in1;
        int outS = k[0] * k[1] / inS;
        double[][] m = new double[rg * inS][cg * outS];
        for (int r = 0; r < rg; r++) {
            for (int c = 0; c < cg; c++) {
                for (int j0 = 0; j0 < k[0]; j0++) {
                    for (int j1 = 0; j1 < k[1]; j1++) {
                        int si = (axis0InS ? j0 : 0) * in1 + (axis1InS ? j1 : 0);
                        int so = (axis0InS ? 0 : j0) * (axis1InS ? 1 : k[1]) + (axis1InS ? 0 : j1);
                        m[r * inS + si][c * outS + so] = w[(((g * rg + r) * cg + c) * k[0] + j0) * k[1] + j1];
                    }
                }
            }
        }
        return DenseLinearAlgebra.singularValues(m)[0];
    }

    /**
     * {@code √(k₀k₁)·min_S max_g σ_max(R_S)} over the four splits of two kernel axes, for a grouped layer, in zero
     * and in circular padding whose output stays within one period; NaN where the output wraps past a period (at
     * {@code (out − 1)·s = N} exactly) and for reflect padding.
     */
    @Test
    void reshapedKernelIsTheSmallestSplitBound() {
        int[] k = {2, 3};
        ConvSpec spec = ConvSpec.builder(Op.CONV, 4, 6, k).groups(2).padding(1, 1).build();
        ConvLayer l = layer(spec, 11, false);
        double[] w = l.weight().data();
        double best = Double.POSITIVE_INFINITY;
        for (int split = 0; split < 4; split++) {
            double worst = 0;
            for (int g = 0; g < 2; g++) {
                worst = Math.max(worst, reshaped(w, k, 3, 2, g, (split & 1) == 1, (split & 2) == 2));
            }
            best = Math.min(best, worst);
        }
        double want = Math.sqrt(6) * best;
        assertEquals(want, NormBounds.reshapedKernel(l, new int[] {6, 6}), 1e-14 * want);
        ConvLayer circular = ConvLayer.of(spec.toBuilder().padding(org.convmatrix.spec.Padding.pairs(new int[] {0, 1},
                new int[] {1, 1})).paddingMode(PaddingMode.CIRCULAR).build(), w, null); // out = N
        assertEquals(want, NormBounds.reshapedKernel(circular, new int[] {6, 6}), 1e-14 * want);
        ConvLayer reflect = ConvLayer.of(spec.toBuilder().paddingMode(PaddingMode.REFLECT).build(), w, null);
        assertTrue(Double.isNaN(NormBounds.reshapedKernel(reflect, new int[] {6, 6})));
        ConvLayer replicate = ConvLayer.of(spec.toBuilder().paddingMode(PaddingMode.REPLICATE).build(), w, null);
        assertTrue(Double.isNaN(NormBounds.reshapedKernel(replicate, new int[] {6, 6})));
        // circular, kernel 1, stride 2, padding 1 on N = 4: out = 3, (3 − 1)·2 = 4 = N: a row repeats
        ConvSpec wrap = ConvSpec.builder(Op.CONV, 1, 1, 1).stride(2).padding(1).paddingMode(PaddingMode.CIRCULAR).build();
        assertTrue(Double.isNaN(NormBounds.reshapedKernel(ConvLayer.of(wrap, new double[] {2}, null), new int[] {4})));
        // padding (1, 0) on N = 5: out = 3, (3 − 1)·2 = 4 = N − 1: within one period
        ConvSpec fits = wrap.toBuilder().padding(org.convmatrix.spec.Padding.pairs(new int[] {1}, new int[] {0})).build();
        assertEquals(2, NormBounds.reshapedKernel(ConvLayer.of(fits, new double[] {-2}, null), new int[] {5}), 1e-15);
    }

    /**
     * The difference filter {@code [1, −1]} per axis has {@code |K(ω)| = Π_a 2|sin(πω_a/N_a)|}, largest at
     * {@code ω = N/2}: on a 50×30 grid the coarse search (every 4th and 2nd frequency) must refine to exactly
     * {@code (25, 15)}, {@code σ = 4}; the sum filter {@code [1, 1]} peaks at {@code ω = 0}, where the refinement box
     * wraps around. The returned vector is a unit right singular vector of {@code K(ω)} computed here from the DFT.
     */
    @Test
    void approximateTopRefinesToTheKnownPeak() {
        int[] grid = {50, 30};
        double[][] filters = {{1, -1, -1, 1}, {1, 1, 1, 1}};
        int[][] peaks = {{25, 15}, {0, 0}};
        for (int f = 0; f < 2; f++) {
            ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).padding(1, 1).paddingMode(PaddingMode.CIRCULAR).build();
            ConvLayer l = ConvLayer.of(spec, filters[f], null);
            for (CircularSpectrum.Top top : new CircularSpectrum.Top[] {CircularSpectrum.approximateTop(l, grid, 2),
                    CircularSpectrum.top(l, grid, 1)}) {
                assertArrayEquals(peaks[f], top.frequency(), "filter " + f);
                assertEquals(4, top.sigma(), 1e-14, "filter " + f);
                assertEquals(1, Math.hypot(top.re()[0], top.im()[0]), 1e-14);
            }
            assertEquals(4, CircularSpectrum.max(l, grid, 1), 1e-14);
            assertEquals(4, CircularSpectrum.all(l, grid)[0], 1e-14);
        }
    }

    /**
     * A 2→3 layer with random weights: at the frequency {@link CircularSpectrum#approximateTop} returns,
     * {@code ||K(ω)v|| = σ} for its unit {@code v = re + i·im}, with {@code K(ω)[r][c] = Σ_j w[r,c,j]e^{2πi ω·j∘d/N}}
     * built here; {@link CircularSpectrum#top}'s σ is the largest over all frequencies and {@code all} lists
     * {@code 2·ΠN} values (the smaller side), descending.
     */
    @Test
    void topVectorsAreSingularVectorsOfTheFrequencyMatrix() {
        int[] grid = {26, 5};
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3, 2).dilation(2, 1).padding(2, 1).build();
        ConvLayer l = layer(spec, 21, false);
        double[] w = l.weight().data();
        double worst = 0;
        for (int o0 = 0; o0 < grid[0]; o0++) {
            for (int o1 = 0; o1 < grid[1]; o1++) {
                worst = Math.max(worst, DenseLinearAlgebra.singularValues(embedding(w, new int[] {o0, o1}, grid))[0]);
            }
        }
        CircularSpectrum.Top exact = CircularSpectrum.top(l, grid, 2);
        assertEquals(worst, exact.sigma(), 1e-13 * worst);
        for (CircularSpectrum.Top top : new CircularSpectrum.Top[] {exact, CircularSpectrum.approximateTop(l, grid, 1)}) {
            double[][] e = embedding(w, top.frequency(), grid);
            double[] v = {top.re()[0], top.re()[1], top.im()[0], top.im()[1]};
            double kv = 0;
            for (double[] row : e) {
                double s = 0;
                for (int c = 0; c < 4; c++) {
                    s += row[c] * v[c];
                }
                kv += s * s;
            }
            assertEquals(1, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3]), 1e-14);
            assertEquals(top.sigma(), Math.sqrt(kv), 1e-13 * worst);
            assertEquals(DenseLinearAlgebra.singularValues(e)[0], top.sigma(), 1e-13 * worst);
            assertTrue(top.sigma() <= worst * (1 + 1e-13));
        }
        double[] all = CircularSpectrum.all(l, grid);
        assertEquals(2 * 26 * 5, all.length);
        assertEquals(worst, all[0], 1e-13 * worst);
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i] <= all[i - 1]);
        }
    }

    /** @return {@code [[Re K, −Im K], [Im K, Re K]]} of the 2→3 layer with kernel 3×2, dilation (2, 1) at {@code ω} */
    private static double[][] embedding(double[] w, int[] omega, int[] grid) {
        double[][] e = new double[6][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 2; c++) {
                double re = 0;
                double im = 0;
                for (int j0 = 0; j0 < 3; j0++) {
                    for (int j1 = 0; j1 < 2; j1++) {
                        double phase = 2 * Math.PI * (omega[0] * j0 * 2.0 / grid[0] + omega[1] * j1 / (double) grid[1]);
                        double v = w[((r * 2 + c) * 3 + j0) * 2 + j1];
                        re += v * Math.cos(phase);
                        im += v * Math.sin(phase);
                    }
                }
                e[r][c] = re;
                e[r][2 + c] = -im;
                e[3 + r][c] = im;
                e[3 + r][2 + c] = re;
            }
        }
        return e;
    }
}
