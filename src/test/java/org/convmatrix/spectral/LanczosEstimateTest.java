package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.junit.jupiter.api.Test;

/**
 * {@link Lanczos}' estimates and its decisions to certify, against a Lanczos process written here (the same start
 * vector, full reorthogonalisation at every step, so the same tridiagonal {@code T} up to rounding) on
 * {@code AᵀA = diag(λ)}. From {@code T = SΘSᵀ} (Ritz values {@code θ_1 >= θ_2 >= …}), the residual estimates
 * {@code ε_i = β_dim·|s_{dim,i}|}; the relative width estimated for {@code σ_1} is {@code w/θ_1/2} with
 * {@code w = min(ε_1, ε_1²/(θ_1 − a))} when {@code a = θ_2 + ε_2 < θ_1 − ε_1} (Kato–Temple) and {@code w = ε_1}
 * otherwise. A certificate is formed at a look when the estimate is at most a quarter of the tolerance (after a
 * certificate that failed: a quarter of that certificate's estimate) and the neighbour Kato–Temple needs is ready:
 * {@code ε_1/θ_1/2 <= tol} or {@code ε_2 <= 10⁻⁶·θ_2/4}.
 */
class LanczosEstimateTest {
    private record Seen(int steps, int products, double estimate) {
    }

    /** The tridiagonal of an independent Lanczos run: {@code alpha[0..steps)}, {@code beta[0..steps)}. */
    private static double[][] tridiagonal(double[] lambda, double[] start, int steps) {
        int n = lambda.length;
        double[][] q = new double[steps + 1][];
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        q[0] = start.clone();
        double s = 0;
        for (double v : q[0]) {
            s += v * v;
        }
        for (int i = 0; i < n; i++) {
            q[0][i] /= Math.sqrt(s);
        }
        for (int j = 0; j < steps; j++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = lambda[i] * q[j][i];
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k <= j; k++) {
                    double h = 0;
                    for (int i = 0; i < n; i++) {
                        h += q[k][i] * w[i];
                    }
                    if (k == j) {
                        alpha[j] += h;
                    }
                    for (int i = 0; i < n; i++) {
                        w[i] -= h * q[k][i];
                    }
                }
            }
            double b = 0;
            for (double v : w) {
                b += v * v;
            }
            beta[j] = Math.sqrt(b);
            q[j + 1] = w;
            for (int i = 0; i < n; i++) {
                w[i] /= beta[j];
            }
        }
        return new double[][] {alpha, beta};
    }

    /** @return {@code {estimate, ready}} of the documented rules for the first {@code dim} steps */
    private static double[] estimate(double[][] t, int dim, double tol) {
        double[][] dense = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            dense[i][i] = t[0][i];
            if (i + 1 < dim) {
                dense[i][i + 1] = dense[i + 1][i] = t[1][i];
            }
        }
        DenseLinearAlgebra.SymmetricEigen e = DenseLinearAlgebra.symmetricEigen(dense);
        double b = t[1][dim - 1];
        double theta = e.values()[0];
        double eps = b * Math.abs(e.vectors()[dim - 1][0]);
        double width = eps;
        boolean ready = true;
        if (dim > 1) {
            double eps2 = b * Math.abs(e.vectors()[dim - 1][1]);
            double a = e.values()[1] + eps2;
            if (a < theta - eps) {
                width = Math.min(eps, eps * eps / (theta - a));
            }
            ready = eps / theta / 2 <= tol || eps2 <= 1e-6 * e.values()[1] / 4;
        }
        return new double[] {width / theta / 2, ready ? 1 : 0};
    }

    /** The counts of one run: looks, looks deferred for the neighbour, certificates that failed, steps. */
    private record Counts(int looks, int deferred, int failed, int steps, boolean converged) {
    }

    /**
     * Runs {@code A = diag(√λ)}, {@code λ_1} apart from 400 values in {@code [0, 1]}, and checks every look against the
     * independent run: its estimate, and whether a certificate was formed (seen as a product count that jumps by more
     * than one step's two products).
     */
    private static Counts check(double lambda1, double tol, int maxSteps) {
        int n = 401;
        double[] d = new double[n];
        double[] start = new double[n];
        SplittableRandom rnd = new SplittableRandom(0xE57L);
        for (int i = 0; i < n; i++) {
            d[i] = Math.sqrt(i == 0 ? lambda1 : rnd.nextDouble());
            start[i] = rnd.nextDouble(-1, 1);
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = d[i] * d[i]; // the exact eigenvalues of the operator's AᵀA
        }
        DenseOperator a = DenseOperator.diagonal(d);
        List<Seen> seen = new ArrayList<>();
        Lanczos.Result r = Lanczos.run(a, a.absolute(), 1, 1, new Lanczos.Options(1, tol, maxSteps, 0, 1, start),
                (s, p, e) -> seen.add(new Seen(s, p, e)));
        assertTrue(r.sigmaMax().contains(d[0]), r.sigmaMax().toString());
        double[][] t = tridiagonal(lambda, start, r.steps());
        double certifyBelow = tol / 4;
        int looks = 0;
        int deferred = 0;
        int failed = 0;
        for (int i = 0; i < seen.size(); i++) {
            Seen s = seen.get(i);
            int products = i == 0 ? 0 : seen.get(i - 1).products();
            boolean certified = s.products() - products > 2;
            assertEquals(products + (certified ? 2 + 4 : 2), s.products(), "step " + s.steps());
            if (Double.isFinite(s.estimate())) {
                looks++;
                double[] want = estimate(t, s.steps(), tol);
                String msg = "step " + s.steps() + ": estimate " + s.estimate() + " vs " + want[0];
                assertEquals(want[0], s.estimate(), 1e-6 * want[0] + 1e-15, msg);
                boolean rule = s.estimate() <= certifyBelow && want[1] == 1 || s.steps() == maxSteps;
                assertEquals(rule, certified, msg + ", ready " + want[1] + ", below " + certifyBelow);
                deferred += s.estimate() <= certifyBelow && want[1] == 0 ? 1 : 0;
                if (certified) {
                    failed++;
                    certifyBelow = s.estimate() / 4;
                }
            } else {
                assertTrue(!certified, "step " + s.steps());
            }
        }
        if (r.converged()) {
            assertEquals(r.steps() - 1, seen.size(), "the step that certifies to the tolerance reports no progress");
            double[] last = estimate(t, r.steps(), tol);
            assertTrue(last[0] <= certifyBelow && last[1] == 1, "the final certificate follows the rules too");
        } else {
            assertEquals(maxSteps, seen.size());
            assertEquals(maxSteps, r.steps());
        }
        return new Counts(looks, deferred, failed, r.steps(), r.converged());
    }

    /**
     * {@code λ_1 = 1.05}: the top pair's Kato–Temple estimate falls below the tolerance long before its neighbour
     * (inside the dense part) converges, so certificates wait for the linear estimate; the first certificate succeeds.
     */
    @Test
    void certificatesWaitForTheNeighbour() {
        Counts c = check(1.05, 1e-9, 300);
        assertTrue(c.converged() && c.looks() > 20 && c.deferred() > 0 && c.failed() == 0, c.toString());
    }

    /**
     * {@code λ_1 = 4} to a tolerance of {@code 10⁻¹⁵}, below the certificates' own rounding terms: every certificate
     * fails, and the next one waits until the estimate has dropped to a quarter of the last certified estimate.
     */
    @Test
    void afterAFailedCertificateTheNextWaitsForAQuarterOfItsEstimate() {
        Counts c = check(4, 1e-15, 60);
        assertTrue(!c.converged() && c.failed() >= 3, c.toString());
    }

    /**
     * {@code λ_1 = 1.05} to tolerances below the certificates' rounding terms ({@code 10⁻¹³}, {@code 10⁻²⁹}): the
     * estimates fall by less than a factor of four between some looks, so the quarter rules (of the tolerance at first,
     * of the last failed certificate's estimate after) decide at those looks, and must be the ones applied.
     */
    @Test
    void slowlyFallingEstimatesAreCertifiedOnlyAtAQuarter() {
        for (double tol : new double[] {1e-13, 1e-29}) {
            Counts c = check(1.05, tol, 150);
            assertTrue(!c.converged() && c.failed() >= 5, c.toString());
        }
    }
}
