package org.convmatrix.spectral;

import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.verify.DotTest;

/**
 * Intervals for the largest singular values of {@code M} from approximate right singular vectors
 * {@code y_1, …, y_k} (Ritz vectors of {@code B = MᵀM}, largest first), with every rounding error of the
 * computation bounded. Eigenvalues {@code λ_1 >= λ_2 >= …} are those of {@code B}; {@code σ_i = √λ_i}.
 *
 * <p><b>Lower bounds (no assumption).</b> Courant–Fischer: for any subspace {@code S} of dimension {@code k},
 * {@code λ_i >= μ_i}, the {@code i}-th largest Rayleigh–Ritz value of {@code B} on {@code S} (Parlett, <i>The
 * Symmetric Eigenvalue Problem</i>, 1998, Thm 10.1.1 / Cauchy interlacing). With {@code Z = MY}, the
 * Rayleigh–Ritz values are the eigenvalues of the pencil {@code (H, G) = (ZᵀZ, YᵀY)}. We compute {@code H} and
 * {@code G}, bound the error of every entry ({@code |fl(My) − My| <= γ_t·|M||y|} element-wise, {@code t} the
 * terms per row, {@code γ_t = t·u/(1 − t·u)}; a dot product of length {@code n} errs by at most
 * {@code γ_n·||a||·||b||}), and subtract the resulting eigenvalue perturbation
 * {@code (||ΔH|| + μ_1·||ΔG||)/(1 − ||G − I|| − ||ΔG||)} plus the backward error of the small
 * eigensolver. For {@code i = 1} also {@code λ_1 >= ||My||²/||y||²}.
 *
 * <p><b>Upper bounds (one assumption, stated in the output).</b> For any {@code y} and scalar {@code ρ}, some
 * eigenvalue of the symmetric {@code B} lies within {@code ε = ||By − ρy||/||y||} of {@code ρ} (Parlett Thm
 * 4.5.1). Using a computed {@code ρ̃} instead of the exact Rayleigh quotient only enlarges {@code ε}, since
 * {@code ||By − ρ̃y||² = ||By − ρy||² + (ρ̃ − ρ)²||y||²}. <em>Assumption (no missed eigenvalue):</em> the
 * {@code i}-th largest eigenvalue is the one within {@code ε_i} of {@code ρ_i}; for {@code i = 1}, the only
 * eigenvalue of {@code B} above {@code a = ρ_2 + ε_2} is {@code λ_1} (with any multiplicity). Under it,
 * Kato–Temple (Kato 1949; Parlett Thm 10.6.1) gives the quadratic bound
 * {@code λ_i <= ρ_i + ε_i²/(ρ_i − a_i)} whenever {@code a_i = ρ_{i+1} + ε_{i+1} < ρ_i} and the neighbour has
 * converged ({@code ε_{i+1} <= 10⁻⁶·ρ_{i+1}}, see {@link #NEIGHBOUR_CONVERGED}); otherwise
 * {@code λ_i <= ρ_i + ε_i}. A single Krylov space sees one copy of a repeated eigenvalue; {@link Lanczos} finds
 * the top {@code k >= 2} by deflated runs so every copy shows. The assumption fails only when the
 * random start vector (almost) misses an eigenvector; the unconditional upper bounds are reported beside.
 *
 * <p>Stateless; {@link #certify} uses the operators it is given from the calling thread.
 */
final class RitzCertificate {
    private static final double U = 0x1p-53;
    /**
     * Kato–Temple is used only when the neighbour's own residual is below this fraction of its Rayleigh quotient: an
     * unconverged neighbour can sit near {@code λ_{i+2}} with {@code λ_{i+1}} above {@code ρ_{i+1} + ε_{i+1}} (a
     * generated layer with a warm start showed exactly that), while a converged one missing {@code λ_{i+1}} needs the
     * start vector to have (almost) no component on it, the event the assumption excludes.
     */
    static final double NEIGHBOUR_CONVERGED = 1e-6;

    private RitzCertificate() {
    }

    /** What a certification produced: intervals for {@code σ_1..σ_k}, products spent, orthogonality defect. */
    record Result(Interval[] sigma, int products, int absProducts, double orthogonalityDefect) {
    }

    /**
     * @param m        the operator {@code M}
     * @param absM     {@code |M|'} bounding {@code |M|} element-wise
     * @param rowTerms the most products in one element of {@code M·y}
     * @param colTerms the most products in one element of {@code Mᵀ·z}
     * @param normM    an upper bound on {@code ||M||₂}
     * @param y        the approximate right singular vectors, largest first (normalised here, in place)
     * @param threads  threads for the vector kernels
     */
    static Result certify(LinearOperator m, LinearOperator absM, int rowTerms, int colTerms, double normM,
            double[][] y, int threads) {
        int k = y.length;
        int n = m.cols();
        int rows = m.rows();
        double[][] z = new double[k][];
        double[] ez = new double[k];
        double[] nz = new double[k];
        double[] rhoLo = new double[k];
        double[] rhoHi = new double[k];
        double[] eps = new double[k];
        double gn = DotTest.gamma(n + 2L);
        double gm = DotTest.gamma(rows + 2L);
        for (int i = 0; i < k; i++) {
            VectorOps.scale(1 / VectorOps.norm(y[i], threads), y[i], threads);
            double ny = VectorOps.norm(y[i], threads);
            z[i] = m.apply(y[i]);
            ez[i] = DotTest.gamma(rowTerms + 1L) * VectorOps.norm(absM.apply(VectorOps.abs(y[i])), threads) * (1 + gm);
            nz[i] = VectorOps.norm(z[i], threads);
            double rho = nz[i] * nz[i] / (ny * ny);
            double zLo = Math.max(0, nz[i] * (1 - gm) - ez[i]);
            double zHi = nz[i] * (1 + gm) + ez[i];
            rhoLo[i] = zLo * zLo / (ny * ny * (1 + gn)) * (1 - 4 * U);
            rhoHi[i] = zHi * zHi / (ny * ny * (1 - gn)) * (1 + 4 * U);
            double[] s = m.applyAdjoint(z[i]);
            double as = VectorOps.norm(absM.applyAdjoint(VectorOps.abs(z[i])), threads) * (1 + gn);
            double ns = VectorOps.norm(s, threads);
            VectorOps.axpy(-rho, y[i], s, threads);
            double nr = VectorOps.norm(s, threads);
            double errR = normM * ez[i] + DotTest.gamma(colTerms + 1L) * as + DotTest.gamma(2) * (ns + rho * ny) * (1 + gn);
            eps[i] = (nr * (1 + gn) + errR) / (ny * (1 - gn)) * (1 + 4 * U);
        }
        RitzLower rr = rayleighRitzLower(y, z, ez, nz, threads);
        double[] lower = rr.lower();
        lower[0] = Math.max(lower[0], rhoLo[0]);
        Interval[] sigma = new Interval[k];
        for (int i = 0; i < k; i++) {
            double up = rhoHi[i] + eps[i];
            if (i + 1 < k && eps[i + 1] <= NEIGHBOUR_CONVERGED * rhoLo[i + 1]) {
                double a = rhoHi[i + 1] + eps[i + 1];
                if (a < rhoLo[i]) {
                    up = Math.min(up, (rhoHi[i] + eps[i] * eps[i] / (rhoLo[i] - a)) * (1 + 4 * U));
                }
            }
            sigma[i] = Interval.sqrtOf(Math.min(lower[i], up), up);
        }
        return new Result(sigma, 2 * k, 2 * k, rr.defect());
    }

    /** Lower bounds of {@code λ_1..λ_k} and {@code max |G − I|} of the vectors used. */
    private record RitzLower(double[] lower, double defect) {
    }

    /** @return rigorous lower bounds of {@code λ_1..λ_k}: Rayleigh–Ritz values on span(Y) minus their error */
    private static RitzLower rayleighRitzLower(double[][] y, double[][] z, double[] ez, double[] nz, int threads) {
        int k = y.length;
        int n = y[0].length;
        int rows = z[0].length;
        double[][] h = new double[k][k];
        double[][] g = new double[k][k];
        double dh = 0;
        double defect = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                h[a][b] = h[b][a] = VectorOps.dot(z[a], z[b], threads);
                g[a][b] = g[b][a] = VectorOps.dot(y[a], y[b], threads);
                double eh = ez[a] * nz[b] + ez[b] * nz[a] + ez[a] * ez[b] + DotTest.gamma(rows + 2L) * nz[a] * nz[b];
                dh = Math.max(dh, eh);
                defect = Math.max(defect, Math.abs(g[a][b] - (a == b ? 1 : 0)));
            }
        }
        double normDh = k * dh;
        double normDg = k * DotTest.gamma(n + 2L) * (1 + defect);
        double eta = k * defect;
        double[][] c = congruence(h, g);
        double[] mu = DenseLinearAlgebra.symmetricEigen(c).values();
        double mu1 = Math.abs(mu[0]);
        double denom = 1 - eta - normDg;
        double solver = DotTest.gamma(8L * k * k + 16) * mu1 * k;
        double[] lower = new double[k];
        for (int i = 0; i < k; i++) {
            double pert = denom > 0 ? (normDh + mu1 * normDg) / denom + eta * mu1 / Math.max(denom, 1e-300) : Double.POSITIVE_INFINITY;
            lower[i] = Math.max(0, mu[i] - pert - solver);
        }
        return new RitzLower(lower, defect);
    }

    /** @return {@code L⁻¹ H L⁻ᵀ} with {@code G = L Lᵀ} (Cholesky), symmetrised */
    private static double[][] congruence(double[][] h, double[][] g) {
        int k = h.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = g[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, Double.MIN_NORMAL)) : s / l[j][j];
            }
        }
        double[][] xt = new double[k][];
        for (int c = 0; c < k; c++) {
            xt[c] = forward(l, h[c]); // column c of L⁻¹H (H is symmetric: its column c is its row c)
        }
        double[][] out = new double[k][];
        for (int r = 0; r < k; r++) {
            double[] row = new double[k];
            for (int i = 0; i < k; i++) {
                row[i] = xt[i][r];
            }
            out[r] = forward(l, row); // row r of (L⁻¹H)·L⁻ᵀ
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (out[i][j] + out[j][i]);
                out[i][j] = out[j][i] = v;
            }
        }
        return out;
    }

    /** @return {@code L⁻¹b} for lower-triangular {@code L} (forward substitution) */
    private static double[] forward(double[][] l, double[] b) {
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * x[p];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
