package org.convmatrix.solve;

import org.convmatrix.operator.LinearOperator;
import org.convmatrix.spectral.VectorOps;

/**
 * LSQR (Paige &amp; Saunders, ACM TOMS 8(1), 1982): the least-squares solution of {@code min ||A x − y||² +
 * λ²||x||²} through products with {@code A} and {@code Aᵀ} only (Golub–Kahan bidiagonalisation, then Givens
 * rotations; the same iterates as CG on the normal equations, computed more stably).
 *
 * <p><b>Minimum norm.</b> Started from {@code x₀ = 0}, every iterate lies in the Krylov space of
 * {@code AᵀA} spanned from {@code Aᵀy}, inside the row space {@code range(Aᵀ)}; the least-squares solutions
 * form {@code x* + null(A)}, and the only one in the row space is {@code A⁺y}. So LSQR converges to
 * {@code A⁺y} (with {@code λ = 0}) for any {@code A}, rank-deficient or not: this is "true deconvolution",
 * which recovers {@code x} exactly when {@code A} has full column rank and its projection on the row space
 * otherwise.
 *
 * <p><b>Stopping</b> (Paige &amp; Saunders' S1/S2): {@code ||r|| <= btol·||y|| + atol·||A||·||x||} (a
 * consistent system solved) or {@code ||Aᵀr − λ²x|| <= atol·||A||·||r||} (the normal equations solved), with
 * {@code ||A||} the Frobenius estimate of the bidiagonal. The reported residuals are recomputed explicitly
 * from the final {@code x}. Stateless, thread-safe for distinct operators.
 */
public final class Lsqr {
    private Lsqr() {
    }

    /**
     * The solve's settings.
     *
     * @param lambda   Tikhonov damping {@code λ >= 0}
     * @param tol      {@code atol = btol}, in {@code (0, 1)}
     * @param maxIter  the most iterations ({@code >= 1})
     * @param threads  threads of the vector kernels
     */
    public record Options(double lambda, double tol, int maxIter, int threads) {
        public Options {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("--lambda must be >= 0 and finite but was " + lambda);
            }
            if (!(tol > 0 && tol < 1)) {
                throw new IllegalArgumentException("--tol must be in (0, 1) but was " + tol);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("--max-iter must be >= 1 but was " + maxIter);
            }
        }
    }

    /**
     * @param x            the solution
     * @param iterations   the iterations run (each one {@code A·v} and one {@code Aᵀ·u})
     * @param residual     {@code ||y − A x||}, recomputed
     * @param normalResidual {@code ||Aᵀ(y − A x) − λ² x||}, recomputed
     * @param converged    whether a stopping test was met
     */
    public record Result(double[] x, int iterations, double residual, double normalResidual, boolean converged) {
    }

    /** @return the LSQR solution of {@code min ||A x − y||² + λ²||x||²} */
    public static Result solve(LinearOperator a, double[] y, Options o) {
        if (y.length != a.rows()) {
            throw new IllegalArgumentException("y must have A's " + a.rows() + " rows but had " + y.length);
        }
        int t = o.threads();
        double damp = o.lambda();
        double[] x = new double[a.cols()];
        double[] u = y.clone();
        double beta = VectorOps.norm(u, t);
        double bnorm = beta;
        if (beta == 0) {
            return finish(a, y, x, damp, 0, true, t);
        }
        VectorOps.scale(1 / beta, u, t);
        double[] v = a.applyAdjoint(u);
        double alpha = VectorOps.norm(v, t);
        if (alpha == 0) {
            return finish(a, y, x, damp, 0, true, t);
        }
        VectorOps.scale(1 / alpha, v, t);
        double[] w = v.clone();
        double phiBar = beta;
        double rhoBar = alpha;
        double anorm2 = 0;
        double xnorm2 = 0;
        double res2 = 0;
        double[] av = new double[a.rows()];
        double[] atu = new double[a.cols()];
        for (int it = 1; it <= o.maxIter(); it++) {
            a.apply(v, av);
            VectorOps.scale(-alpha, u, t);
            VectorOps.axpy(1, av, u, t);
            beta = VectorOps.norm(u, t);
            anorm2 += alpha * alpha + beta * beta + damp * damp;
            if (beta > 0) {
                VectorOps.scale(1 / beta, u, t);
                a.applyAdjoint(u, atu);
                VectorOps.scale(-beta, v, t);
                VectorOps.axpy(1, atu, v, t);
                alpha = VectorOps.norm(v, t);
                if (alpha > 0) {
                    VectorOps.scale(1 / alpha, v, t);
                }
            }
            double rhoBar1 = Math.hypot(rhoBar, damp);
            double c1 = rhoBar / rhoBar1;
            double s1 = damp / rhoBar1;
            double psi = s1 * phiBar;
            phiBar = c1 * phiBar;
            double rho = Math.hypot(rhoBar1, beta);
            double c = rhoBar1 / rho;
            double s = beta / rho;
            double theta = s * alpha;
            rhoBar = -c * alpha;
            double phi = c * phiBar;
            phiBar = s * phiBar;
            VectorOps.axpy(phi / rho, w, x, t);
            xnorm2 = VectorOps.dot(x, x, t);
            double[] wNew = v.clone();
            VectorOps.axpy(-theta / rho, w, wNew, t);
            w = wNew;
            res2 += psi * psi;
            double rnorm = Math.sqrt(phiBar * phiBar + res2);
            double arnorm = Math.abs(phiBar * alpha * c);
            double anorm = Math.sqrt(anorm2);
            boolean s1ok = rnorm <= o.tol() * bnorm + o.tol() * anorm * Math.sqrt(xnorm2);
            boolean s2ok = arnorm <= o.tol() * anorm * rnorm;
            if (s1ok || s2ok || alpha == 0 || beta == 0) {
                return finish(a, y, x, damp, it, true, t);
            }
        }
        return finish(a, y, x, damp, o.maxIter(), false, t);
    }

    private static Result finish(LinearOperator a, double[] y, double[] x, double damp, int it, boolean ok, int t) {
        double[] r = y.clone();
        VectorOps.axpy(-1, a.apply(x), r, t);
        double[] g = a.applyAdjoint(r);
        VectorOps.axpy(-damp * damp, x, g, t);
        return new Result(x, it, VectorOps.norm(r, t), VectorOps.norm(g, t), ok);
    }
}
