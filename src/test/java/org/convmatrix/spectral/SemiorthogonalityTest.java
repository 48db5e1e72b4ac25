package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.operator.MatrixFreeConv;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * Partial reorthogonalisation ({@link Semiorthogonality}) on vectors long enough to use it: the Lanczos basis stays
 * semi-orthogonal while most steps skip the full Gram–Schmidt, and the certified intervals of {@link Lanczos} on a
 * large circular layer contain its exact singular values ({@link CircularSpectrum#all}).
 */
class SemiorthogonalityTest {
    private static final double SQRT_EPS = Math.sqrt(0x1p-52);

    /**
     * A Lanczos run on {@code B = diag(d)} ({@code n = 20000}, a dense spectrum in {@code [0, 1]} and a cluster of
     * five values just below {@code 2}, which converge early and are what makes orthogonality decay), with the
     * decisions of {@link Semiorthogonality}: after every step the true {@code max_k |q_{j+1}ᵀ q_k|} stays within a
     * small multiple of {@code √ε}, and far fewer than all steps orthogonalise against the whole basis. Without the
     * full steps (the threshold never met) the same run loses orthogonality to order 1.
     */
    @Test
    void basisStaysSemiOrthogonalWithFewFullSteps() {
        int n = 20000;
        int steps = 160;
        double[] d = new double[n];
        SplittableRandom rnd = new SplittableRandom(0x5E31L);
        for (int i = 0; i < n; i++) {
            d[i] = i < 5 ? 2 - 1e-3 * i : rnd.nextDouble();
        }
        double[][] q = new double[steps + 1][];
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        Semiorthogonality so = new Semiorthogonality(alpha, beta, n);
        q[0] = new double[n];
        for (int i = 0; i < n; i++) {
            q[0][i] = rnd.nextDouble(-1, 1);
        }
        VectorOps.scale(1 / VectorOps.norm(q[0], 1), q[0], 1);
        double worst = 0;
        for (int j = 0; j < steps; j++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = d[i] * q[j][i];
            }
            double a = VectorOps.dot(q[j], w, 1);
            VectorOps.axpy(-a, q[j], w, 1);
            if (j > 0) {
                VectorOps.axpy(-beta[j - 1], q[j - 1], w, 1);
            }
            boolean full = so.needsFull(j, a, VectorOps.norm(w, 1));
            for (int pass = 0; full && pass < 2; pass++) {
                double[] h = VectorOps.dots(q, j + 1, w, 1);
                VectorOps.subtractCombination(q, j + 1, h, w, 1);
                a += h[j];
            }
            so.accept(j, full);
            alpha[j] = a;
            beta[j] = VectorOps.norm(w, 1);
            VectorOps.scale(1 / beta[j], w, 1);
            q[j + 1] = w;
            for (double h : VectorOps.dots(q, j + 1, w, 1)) {
                worst = Math.max(worst, Math.abs(h));
            }
        }
        String msg = "worst |q_j^T q_k| " + worst + " with " + so.fullSteps() + " full steps of " + steps;
        assertTrue(worst <= 10 * SQRT_EPS, msg);
        assertTrue(so.fullSteps() <= steps / 3, msg);
        assertTrue(so.fullSteps() >= 2, "the cluster converges within the run, so orthogonality must be restored: " + msg);
    }

    /**
     * σ₁ ≥ σ₂ ≥ σ₃ of a circular 3→3 layer on 48×48 ({@code n = 6912}) lie in Lanczos' certified intervals (each
     * value is double, {@code K(−ω) = conj K(ω)}, so the deflated runs must find both copies).
     */
    @Test
    void certifiedIntervalsContainTheExactSpectrumOfALargeCircularLayer() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 3, 3, 3, 3).padding(1, 1).paddingMode(PaddingMode.CIRCULAR).build();
        SplittableRandom rnd = new SplittableRandom(0xC1AL);
        double[] w = new double[81];
        double[] abs = new double[81];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextDouble(-1, 1);
            abs[i] = Math.abs(w[i]);
        }
        int[] grid = {48, 48};
        ConvLayer layer = ConvLayer.of(spec, w, null);
        MatrixFreeConv a = MatrixFreeConv.of(layer, grid, 2);
        assertTrue(a.cols() > Semiorthogonality.ALWAYS_FULL_BELOW);
        MatrixFreeConv absA = MatrixFreeConv.of(ConvLayer.of(spec, abs, null), grid, 2);
        Lanczos.Result r = Lanczos.run(a, absA, a.maxRowTerms(), a.maxColumnTerms(),
                new Lanczos.Options(3, 1e-6, 2000, 7, 2), null);
        double[] exact = CircularSpectrum.all(layer, grid);
        assertTrue(r.converged(), "not certified to 1e-6");
        double err = SpectrumPropertiesTest.denseError(16, 16, exact[0]); // the 2C x 2C SVD per frequency
        for (int i = 0; i < 3; i++) {
            Interval s = r.top()[i];
            String msg = "sigma_" + (i + 1) + " = " + exact[i] + " but certified " + s;
            assertTrue(s.lower() <= exact[i] + err && exact[i] - err <= s.upper(), msg);
            assertTrue(s.relativeWidth() <= 1e-6, msg);
        }
    }
}
