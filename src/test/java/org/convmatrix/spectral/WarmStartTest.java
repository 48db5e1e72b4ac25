package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link WarmStart}'s start vector is the documented tapered plane wave, normalised, plus a Gaussian part of norm
 * exactly {@link WarmStart#NOISE}: so {@code ||x − wave|| = 0.1}, with the wave computed here from its formula
 * {@code x[c, p] = Π_a sin(π(p_a + 1)/(N_a + 1))·Re((re_c + i·im_c)·e^{2πi Σ_a ω_a p_a/N_a})}, and the rest
 * {@code x − wave} looks like a centred Gaussian sample.
 */
class WarmStartTest {
    private static CaseOperators.Operators conv(int in, int out, int[] kernel, int[] grid, int stride, Op op) {
        ConvSpec.Builder b = ConvSpec.builder(op, in, out, kernel);
        int[] s = new int[kernel.length];
        java.util.Arrays.fill(s, stride);
        ConvSpec spec = b.stride(s).build();
        double[] w = new double[spec.kernelVolume() * spec.weightShape()[0] * spec.weightShape()[1]];
        SplittableRandom rnd = new SplittableRandom(in * 31L + out);
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextDouble(-1, 1);
        }
        return CaseOperators.of(ConvLayer.of(spec, w, null), grid, 1);
    }

    /** @return the unit tapered wave of the javadoc on a 2-D grid, channel-major */
    private static double[] wave(int[] grid, int[] omega, double[] re, double[] im) {
        int positions = grid[0] * grid[1];
        double[] x = new double[re.length * positions];
        double norm = 0;
        for (int c = 0; c < re.length; c++) {
            for (int p0 = 0; p0 < grid[0]; p0++) {
                for (int p1 = 0; p1 < grid[1]; p1++) {
                    double taper = Math.sin(Math.PI * (p0 + 1) / (grid[0] + 1)) * Math.sin(Math.PI * (p1 + 1) / (grid[1] + 1));
                    double phase = 2 * Math.PI * ((double) omega[0] * p0 / grid[0] + (double) omega[1] * p1 / grid[1]);
                    double v = taper * (re[c] * Math.cos(phase) - im[c] * Math.sin(phase));
                    x[c * positions + p0 * grid[1] + p1] = v;
                    norm += v * v;
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= Math.sqrt(norm);
        }
        return x;
    }

    /** Checks that {@code x − wave} is a Gaussian-looking vector of norm 0.1. */
    private static void assertWavePlusNoise(double[] wave, double[] x, String msg) {
        assertEquals(wave.length, x.length, msg);
        double[] g = new double[x.length];
        double sq = 0;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            g[i] = x[i] - wave[i];
            sq += g[i] * g[i];
            sum += g[i];
        }
        assertEquals(WarmStart.NOISE, Math.sqrt(sq), 1e-12, msg);
        int n = x.length;
        // g/||g|| of a standard Gaussian sample: Σ g_i/||g|| ~ N(0, 1), and about 68.3 % of |g_i|·√n/||g|| below 1
        assertTrue(Math.abs(sum / Math.sqrt(sq)) < 5, msg + ": not centred, sum " + sum / Math.sqrt(sq));
        int within = 0;
        for (double v : g) {
            within += Math.abs(v) * Math.sqrt(n) / Math.sqrt(sq) < 1 ? 1 : 0;
        }
        double fraction = within / (double) n;
        assertEquals(0.6827, fraction, 5 * Math.sqrt(0.6827 * 0.3173 / n), msg + ": not Gaussian");
    }

    @Test
    void theStartVectorIsTheTaperedWavePlusTenPercentNoise() {
        int[] grid = {40, 45};
        CaseOperators.Operators ops = conv(2, 3, new int[] {3, 3}, grid, 1, Op.CONV);
        int[][] omegas = {{0, 0}, {3, 7}, {39, 44}, {20, 1}};
        for (int[] omega : omegas) {
            double[] re = {0.6, -0.48};
            double[] im = {0.0, 0.64};
            double[] x = WarmStart.of(ops, new CircularSpectrum.Top(1, omega, re, im), 17, 2);
            assertWavePlusNoise(wave(grid, omega, re, im), x, "omega " + omega[0] + "," + omega[1]);
            double[] y = WarmStart.of(ops, new CircularSpectrum.Top(1, omega, re, im), 18, 1);
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            assertTrue(diff > 1e-3, "another seed, another noise");
        }
    }

    /** A zero wave (no singular vector) leaves the noise alone, of norm 0.1, and no NaN. */
    @Test
    void aZeroWaveLeavesTheNoise() {
        int[] grid = {30, 31};
        CaseOperators.Operators ops = conv(2, 1, new int[] {2, 2}, grid, 1, Op.CONV);
        double[] x = WarmStart.of(ops, new CircularSpectrum.Top(0, new int[] {1, 2}, new double[2], new double[2]), 5, 1);
        assertWavePlusNoise(new double[x.length], x, "zero wave");
    }

    /**
     * From the layer itself the wave is that of {@link CircularSpectrum#approximateTop}; the start vector is only for
     * stride-1 convolutions.
     */
    @Test
    void theWaveIsTheApproximateCircularTopAndOnlyForStrideOneConvs() {
        int[] grid = {26, 30};
        CaseOperators.Operators ops = conv(2, 2, new int[] {3, 2}, grid, 1, Op.CONV);
        assertTrue(WarmStart.applies(ops));
        CircularSpectrum.Top top = CircularSpectrum.approximateTop(ops.layer(), grid, 1);
        double[] x = WarmStart.of(ops, 9, 1);
        assertNotNull(x);
        assertWavePlusNoise(wave(grid, top.frequency(), top.re(), top.im()), x, "approximate top");
        CaseOperators.Operators strided = conv(2, 2, new int[] {3, 2}, grid, 2, Op.CONV);
        assertTrue(!WarmStart.applies(strided));
        assertNull(WarmStart.of(strided, 9, 1));
        CaseOperators.Operators transposed = conv(2, 2, new int[] {3, 2}, grid, 1, Op.CONV_TRANSPOSE);
        assertTrue(!WarmStart.applies(transposed));
        assertNull(WarmStart.of(transposed, 9, 1));
        CaseOperators.Operators lowered = CaseOperators.of(org.convmatrix.ops.Ops.lower(ops.layer(),
                new int[] {1, 2, 26, 30}), 1);
        assertTrue(!WarmStart.applies(lowered));
    }
}
