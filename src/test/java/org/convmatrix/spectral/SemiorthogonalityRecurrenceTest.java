package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Semiorthogonality}'s decisions against an independent evaluation of Simon's recurrence as its javadoc states
 * it, on given {@code α, β} sequences: the whole matrix {@code ω_{j,k}} is kept (not three rows), with
 * <pre>  β_j ω_{j+1,k} = β_k ω_{j,k+1} + (α_k − α_j) ω_{j,k} + β_{k−1} ω_{j,k−1} − β_{j−1} ω_{j−1,k} + ϑ   (k < j),</pre>
 * {@code ω_{k,k} = 1}, {@code ω_{k+1,k} = ψ = ε√n/2}, {@code |ϑ| = ψ·max_{i<=j}(|α_i| + β_i + β_{i−1})} with the sign
 * of the rest; a step is full when some {@code |ω_{j+1,k}| > √ε} (or {@code β_j = 0}), the step after a full one
 * forced by the threshold is full too, and a full step resets {@code ω_{j+1,k}} to {@code ψ}.
 */
class SemiorthogonalityRecurrenceTest {
    private static final double EPS = 0x1p-52;

    /** The decisions of the model for {@code α, β} on vectors of length {@code n} ({@code n > 4096}). */
    private static boolean[] model(double[] alpha, double[] beta, int n) {
        int steps = alpha.length;
        double psi = EPS * Math.sqrt(n) / 2;
        double[][] w = new double[steps + 1][steps + 1];
        w[0][0] = 1;
        boolean[] full = new boolean[steps];
        boolean forced = false;
        double normB = 0;
        for (int j = 0; j < steps; j++) {
            double bPrev = j > 0 ? beta[j - 1] : 0;
            normB = Math.max(normB, Math.abs(alpha[j]) + beta[j] + bPrev);
            boolean over = false;
            for (int k = 0; k < j; k++) {
                double t = beta[k] * w[j][k + 1] + (alpha[k] - alpha[j]) * w[j][k] - bPrev * w[j - 1][k]
                        + (k > 0 ? beta[k - 1] * w[j][k - 1] : 0);
                t += Math.copySign(psi * normB, t);
                w[j + 1][k] = t / beta[j];
                over |= !(Math.abs(w[j + 1][k]) <= Math.sqrt(EPS));
            }
            w[j + 1][j] = psi;
            w[j + 1][j + 1] = 1;
            full[j] = forced || over || beta[j] == 0;
            if (full[j]) {
                for (int k = 0; k <= j; k++) {
                    w[j + 1][k] = psi;
                }
                forced = !forced;
            }
        }
        return full;
    }

    /** @return the class's decisions, fed as {@link Lanczos} feeds it */
    private static boolean[] decisions(double[] alpha, double[] beta, int n, int[] fullSteps) {
        double[] a = new double[alpha.length];
        double[] b = new double[beta.length];
        Semiorthogonality so = new Semiorthogonality(a, b, n);
        boolean[] full = new boolean[alpha.length];
        for (int j = 0; j < alpha.length; j++) {
            full[j] = so.needsFull(j, alpha[j], beta[j]);
            so.accept(j, full[j]);
            a[j] = alpha[j];
            b[j] = beta[j];
        }
        fullSteps[0] = so.fullSteps();
        return full;
    }

    @Test
    void decisionsFollowSimonsRecurrence() {
        SplittableRandom rnd = new SplittableRandom(0x51A0L);
        int crossings = 0;
        for (int trial = 0; trial < 40; trial++) {
            int steps = 10 + rnd.nextInt(60);
            int n = 4097 + rnd.nextInt(1 << 20);
            double spread = rnd.nextDouble(0.05, 3);
            double[] alpha = new double[steps];
            double[] beta = new double[steps];
            for (int j = 0; j < steps; j++) {
                alpha[j] = rnd.nextDouble(-spread, spread) + (trial % 3 == 0 ? 0 : 5);
                beta[j] = rnd.nextDouble(0.2, 1.5);
            }
            if (trial % 7 == 3) {
                beta[steps / 2] = 0;
            }
            boolean[] want = model(alpha, beta, n);
            int[] fullSteps = new int[1];
            boolean[] got = decisions(alpha, beta, n, fullSteps);
            int count = 0;
            for (int j = 0; j < steps; j++) {
                assertEquals(want[j], got[j], "trial " + trial + ", step " + j);
                count += want[j] ? 1 : 0;
                crossings += want[j] && (j == 0 || !want[j - 1]) ? 1 : 0;
            }
            assertEquals(count, fullSteps[0], "trial " + trial);
        }
        assertTrue(crossings >= 40, "the sequences must cross the threshold often: " + crossings);
    }

    /** Up to 4096 elements every step is full; beyond, the first step (no earlier vector) is not. */
    @Test
    void shortVectorsAreAlwaysOrthogonalisedInFull() {
        for (int n : new int[] {1, 4096, 4097}) {
            double[] alpha = {1, 2, 3};
            double[] beta = {1, 1, 1};
            int[] fullSteps = new int[1];
            boolean[] got = decisions(alpha, beta, n, fullSteps);
            assertEquals(n <= 4096, got[0], "n = " + n);
            assertEquals(n <= 4096 ? 3 : 0, fullSteps[0], "n = " + n);
        }
        Semiorthogonality so = new Semiorthogonality(new double[2], new double[2], 5000);
        assertFalse(so.needsFull(0, 1, 1));
    }
}
