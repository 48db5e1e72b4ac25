package org.convmatrix.spectral;

import java.util.SplittableRandom;
import org.convmatrix.spec.Op;

/**
 * A Lanczos start vector near the top right singular vector of a stride-1 conv: the top singular vector of the
 * circular layer of the same weights ({@link CircularSpectrum#approximateTop}, a coarse-to-fine search over the
 * frequencies: {@code x[c, p] = Re(v_c·e^{2πi ω·p/N})}, the
 * plane wave of the best frequency {@code ω} times the right singular vector {@code v} of {@code K(ω)}), tapered
 * by {@code Π_a sin(π(p_a + 1)/(N_a + 1))} so it fades where zero padding cuts the layer off, plus a seeded
 * Gaussian part of relative size {@link #NOISE}. The Gaussian part keeps the start vector in general position (its
 * component along every eigenvector is nonzero with probability 1), which the no-missed-eigenvalue assumption of
 * {@link RitzCertificate} relies on; the wave only shortens the run. Stateless.
 */
public final class WarmStart {
    /** Norm of the Gaussian part relative to the wave's. */
    public static final double NOISE = 0.1;

    private WarmStart() {
    }

    /**
     * @return the start vector in {@code A}'s column space, or {@code null} when {@code A} is not a stride-1 conv
     *     (then Lanczos starts from a Gaussian vector)
     */
    public static double[] of(CaseOperators.Operators ops, long seed, int threads) {
        return applies(ops) ? of(ops, CircularSpectrum.approximateTop(ops.layer(), ops.inputSpatial(), threads), seed,
                threads) : null;
    }

    /** @return whether {@link #of} gives a start vector for this operator (a stride-1 conv) */
    public static boolean applies(CaseOperators.Operators ops) {
        if (!ops.convolution()) {
            return false;
        }
        var spec = ops.layer().spec();
        if (spec.op() != Op.CONV) {
            return false;
        }
        for (int s : spec.stride()) {
            if (s != 1) {
                return false;
            }
        }
        return true;
    }

    /** @return the start vector from a precomputed {@link CircularSpectrum#top} of the layer on its input grid */
    public static double[] of(CaseOperators.Operators ops, CircularSpectrum.Top top, long seed, int threads) {
        var spec = ops.layer().spec();
        int[] grid = ops.inputSpatial();
        int positions = ops.a().cols() / spec.inChannels();
        double[] x = new double[ops.a().cols()];
        int[] p = new int[grid.length];
        for (int flat = 0; flat < positions; flat++) {
            double phase = 0;
            double taper = 1;
            for (int a = 0, rest = flat; a < grid.length; a++) {
                int axis = grid.length - 1 - a;
                p[axis] = rest % grid[axis];
                rest /= grid[axis];
            }
            for (int a = 0; a < grid.length; a++) {
                phase += (double) ((long) top.frequency()[a] * p[a] % grid[a]) / grid[a];
                taper *= Math.sin(Math.PI * (p[a] + 1) / (grid[a] + 1));
            }
            double cos = Math.cos(2 * Math.PI * phase);
            double sin = Math.sin(2 * Math.PI * phase);
            for (int c = 0; c < spec.inChannels(); c++) {
                x[c * positions + flat] = taper * (top.re()[c] * cos - top.im()[c] * sin);
            }
        }
        double nx = VectorOps.norm(x, threads);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] g = new double[x.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        double ng = VectorOps.norm(g, threads);
        for (int i = 0; i < x.length; i++) {
            x[i] = (nx > 0 ? x[i] / nx : 0) + NOISE * g[i] / ng;
        }
        return x;
    }
}
