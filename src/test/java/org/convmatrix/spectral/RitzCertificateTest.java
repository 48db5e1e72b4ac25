package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * {@link RitzCertificate}'s intervals on diagonal matrices, where every exact quantity is known: {@code M = diag(d)}
 * (with rows of zeros below), {@code |M|' = diag(a)} for any {@code a >= |d|} (a valid, deliberately loose bound), and
 * Ritz vectors that are unit vectors or unit vectors tilted by a known amount.
 *
 * <p>The error model the intervals must follow, term by term (the class javadoc's formulas with the roundings of
 * each step; {@code γ_t = t·u/(1 − t·u)}, {@code n} columns, {@code r} rows, {@code y} normalised, {@code ρ = ||z||²},
 * {@code z = My}):
 * <pre>
 *   e_z  = γ_{rowTerms+1}·|| |M|'|y| ||·(1 + γ_{r+2})                        error of z
 *   ρ_lo = (||z||(1 − γ_{r+2}) − e_z)₊² / (1 + γ_{n+2}) · (1 − 4u)
 *   ρ_hi = (||z||(1 + γ_{r+2}) + e_z)² / (1 − γ_{n+2}) · (1 + 4u)
 *   e_r  = ||M||'·e_z + γ_{colTerms+1}·|| |M|'ᵀ|z| ||(1 + γ_{n+2}) + γ_2·(||Mᵀz|| + ρ)(1 + γ_{n+2})
 *   ε    = (||Mᵀz − ρy||(1 + γ_{n+2}) + e_r) / (1 − γ_{n+2}) · (1 + 4u)
 *   upper λ_i: ρ_hi,i + ε_i, or Kato–Temple (ρ_hi,i + ε_i²/(ρ_lo,i − a))(1 + 4u), a = ρ_hi,i+1 + ε_i+1, when
 *              ε_i+1 <= 10⁻⁶·ρ_lo,i+1 and a < ρ_lo,i
 *   lower λ_i: μ_i − δ − γ_{8k²+16}·|μ_1|·k (Rayleigh–Ritz values μ of (H, G) = (ZᵀZ, YᵀY)), where, with
 *              e_ab = e_a||z_b|| + e_b||z_a|| + e_a e_b + γ_{r+2}||z_a|| ||z_b||, η = k·max|G − I|,
 *              ΔG = k·γ_{n+2}(1 + max|G − I|), d = 1 − η − ΔG:
 *              δ = (k·max e_ab + |μ_1|·ΔG)/d + η|μ_1|/d (infinite for d <= 0); for i = 1 the larger of that and ρ_lo
 * </pre>
 * then {@code [√lower, √upper]} rounded outwards. Where {@code G = I} exactly, the Rayleigh–Ritz values are the
 * eigenvalues of {@code H} and the model is evaluated here in the same order of operations, so the intervals must
 * agree to the bit: a term dropped, doubled or with a changed count shows. Where {@code G ≠ I}, the Rayleigh–Ritz values
 * are computed here from the characteristic polynomial of the pencil and compared within rounding.
 */
class RitzCertificateTest {
    private static final double U = 0x1p-53;

    private static double g(long t) {
        return DotTest.gamma(t);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    /** The quantities of one Ritz vector under the error model. */
    private record Vector(double[] y, double[] z, double ez, double nz, double rhoLo, double rhoHi, double eps) {
    }

    private static Vector model(DenseOperator m, DenseOperator absM, int rowTerms, int colTerms, double normM,
            double[] y0) {
        int n = m.cols();
        double gn = g(n + 2L);
        double gm = g(m.rows() + 2L);
        double inv = 1 / norm(y0);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = y0[i] * inv;
        }
        double ny = norm(y);
        double[] z = m.apply(y);
        double ez = g(rowTerms + 1L) * norm(absM.apply(abs(y))) * (1 + gm);
        double nz = norm(z);
        double rho = nz * nz / (ny * ny);
        double zLo = Math.max(0, nz * (1 - gm) - ez);
        double zHi = nz * (1 + gm) + ez;
        double rhoLo = zLo * zLo / (ny * ny * (1 + gn)) * (1 - 4 * U);
        double rhoHi = zHi * zHi / (ny * ny * (1 - gn)) * (1 + 4 * U);
        double[] s = m.applyAdjoint(z);
        double as = norm(absM.applyAdjoint(abs(z))) * (1 + gn);
        double ns = norm(s);
        for (int i = 0; i < n; i++) {
            s[i] += -rho * y[i];
        }
        double errR = normM * ez + g(colTerms + 1L) * as + g(2) * (ns + rho * ny) * (1 + gn);
        double eps = (norm(s) * (1 + gn) + errR) / (ny * (1 - gn)) * (1 + 4 * U);
        return new Vector(y, z, ez, nz, rhoLo, rhoHi, eps);
    }

    /** @return the upper bounds of {@code λ_i} under the model */
    private static double[] upper(Vector[] v) {
        double[] up = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            up[i] = v[i].rhoHi() + v[i].eps();
            if (i + 1 < v.length && v[i + 1].eps() <= 1e-6 * v[i + 1].rhoLo()) {
                double a = v[i + 1].rhoHi() + v[i + 1].eps();
                if (a < v[i].rhoLo()) {
                    up[i] = Math.min(up[i], (v[i].rhoHi() + v[i].eps() * v[i].eps() / (v[i].rhoLo() - a)) * (1 + 4 * U));
                }
            }
        }
        return up;
    }

    /** @return the lower bounds of {@code λ_i} under the model, from the Rayleigh–Ritz values {@code mu} */
    private static double[] lower(Vector[] v, double[] mu, int rows) {
        int k = v.length;
        int n = v[0].y().length;
        double dh = 0;
        double defect = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                dh = Math.max(dh, v[a].ez() * v[b].nz() + v[b].ez() * v[a].nz() + v[a].ez() * v[b].ez()
                        + g(rows + 2L) * v[a].nz() * v[b].nz());
                defect = Math.max(defect, Math.abs(dot(v[a].y(), v[b].y()) - (a == b ? 1 : 0)));
            }
        }
        double normDg = k * g(n + 2L) * (1 + defect);
        double eta = k * defect;
        double mu1 = Math.abs(mu[0]);
        double denom = 1 - eta - normDg;
        double pert = denom > 0 ? (k * dh + mu1 * normDg) / denom + eta * mu1 / denom : Double.POSITIVE_INFINITY;
        double[] lo = new double[k];
        for (int i = 0; i < k; i++) {
            lo[i] = Math.max(0, mu[i] - pert - g(8L * k * k + 16) * mu1 * k);
        }
        lo[0] = Math.max(lo[0], v[0].rhoLo());
        return lo;
    }

    private static Vector[] models(DenseOperator m, DenseOperator absM, int rowTerms, int colTerms, double normM,
            double[][] y) {
        Vector[] v = new Vector[y.length];
        for (int i = 0; i < y.length; i++) {
            v[i] = model(m, absM, rowTerms, colTerms, normM, y[i]);
        }
        return v;
    }

    private static double[] unit(int n, int i, double scale) {
        double[] e = new double[n];
        e[i] = scale;
        return e;
    }

    private static RitzCertificate.Result certify(DenseOperator m, DenseOperator absM, int rowTerms, int colTerms,
            double normM, double[][] y) {
        double[][] copy = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            copy[i] = y[i].clone();
        }
        return RitzCertificate.certify(m, absM, rowTerms, colTerms, normM, copy, 1);
    }

    /**
     * Unit vectors (any scale: they are normalised) of {@code diag(3, 1.5, 1, 0.5, 0.25)} with 7 rows: {@code G = I},
     * the residuals vanish, and the intervals are the error model alone; once with the true term counts and norm, once
     * with inflated ones (still valid bounds) that make the rounding terms large enough to see in every digit.
     */
    @Test
    void exactRitzVectorsGiveTheErrorModelToTheBit() {
        double[] d = {3, 1.5, 1, 0.5, 0.25};
        DenseOperator m = DenseOperator.tall(7, d);
        DenseOperator absM = DenseOperator.tall(7, 3.5, 2, 1, 1.25, 0.25);
        double[][] y = {unit(5, 0, 2), unit(5, 1, -0.5), unit(5, 2, 1)};
        int[][] terms = {{1, 1}, {1_000_000, 3_000_000}, {40_000_000, 2}};
        double[] norms = {3 * (1 + 1e-15), 50, 7};
        for (int c = 0; c < terms.length; c++) {
            for (int k = 1; k <= 3; k++) {
                double[][] yk = Arrays.copyOf(y, k);
                Vector[] v = models(m, absM, terms[c][0], terms[c][1], norms[c], yk);
                double[][] h = new double[k][k];
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        h[a][b] = dot(v[a].z(), v[b].z());
                    }
                }
                double[] lo = lower(v, DenseLinearAlgebra.symmetricEigen(h).values(), m.rows());
                double[] up = upper(v);
                RitzCertificate.Result r = certify(m, absM, terms[c][0], terms[c][1], norms[c], yk);
                for (int i = 0; i < k; i++) {
                    String msg = "case " + c + ", k = " + k + ", sigma_" + (i + 1) + ": " + r.sigma()[i];
                    assertEquals(Interval.sqrtOf(Math.min(lo[i], up[i]), up[i]), r.sigma()[i], msg);
                    assertTrue(r.sigma()[i].contains(d[i]), msg);
                }
                assertEquals(2 * k, r.products());
                assertEquals(2 * k, r.absProducts());
                assertEquals(0, r.orthogonalityDefect());
            }
        }
    }

    /**
     * Tilted vectors {@code e_1 + t·e_4}, {@code e_2 + t·e_5} and {@code e_3}: residuals {@code O(t)}, so the upper bound
     * of {@code λ_1} is Kato–Temple's {@code O(t²)} while the neighbour has converged ({@code t = 2⁻³⁰}, its residual far
     * below {@code 10⁻⁶ρ}; {@code t = 2⁻²¹}, about {@code 1.9·10⁻⁶}, between {@code 10⁻⁶/ρ} and {@code 10⁻⁶ρ}) and the
     * linear {@code O(t)} once it has not ({@code t = 2⁻¹²}); still {@code G = I}.
     */
    @Test
    void tiltedRitzVectorsUseKatoTempleOnlyBesideAConvergedNeighbour() {
        double[] d = {3, 2, 1, 0.5, 0.25};
        DenseOperator m = DenseOperator.tall(6, d);
        DenseOperator absM = m.absolute();
        for (double t : new double[] {0x1p-30, 0x1p-21, 0x1p-12}) {
            double[][] y = {{1, 0, 0, t, 0}, {0, 1, 0, 0, t}, unit(5, 2, 1)};
            for (int k = 2; k <= 3; k++) {
                double[][] yk = Arrays.copyOf(y, k);
                Vector[] v = models(m, absM, 1, 1, 3.5, yk);
                double[][] h = new double[k][k];
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        h[a][b] = dot(v[a].z(), v[b].z());
                    }
                }
                double[] lo = lower(v, DenseLinearAlgebra.symmetricEigen(h).values(), m.rows());
                double[] up = upper(v);
                RitzCertificate.Result r = certify(m, absM, 1, 1, 3.5, yk);
                double linear = v[0].rhoHi() + v[0].eps();
                String msg = "t = " + t + ", k = " + k + ": " + Arrays.toString(r.sigma());
                if (t < 1e-6) {
                    assertTrue(up[0] < linear, msg);
                    assertTrue(up[0] - 9 < 100 * t * t + 1e-13 && linear - 9 > t, msg); // ε₁²/gap ~ 15t², the linear ε₁ ~ 8.75t
                } else {
                    assertEquals(linear, up[0], msg);
                }
                for (int i = 0; i < k; i++) {
                    assertEquals(Interval.sqrtOf(Math.min(lo[i], up[i]), up[i]), r.sigma()[i], msg);
                    assertTrue(r.sigma()[i].contains(d[i]), msg);
                }
            }
        }
    }

    /**
     * Non-orthogonal vectors {@code e_1} and {@code e_2 + c·e_1} span the same plane as {@code e_1, e_2}: the Rayleigh–Ritz
     * values of the pencil {@code (H, G)} are {@code 9} and {@code 4} (computed here from its characteristic polynomial),
     * and the lower bounds subtract the perturbation of the model with {@code η = 2·|G₁₂|}; once {@code η} reaches 1 the
     * perturbation bound no longer holds and the lower bounds fall back to {@code ρ_lo} and 0.
     */
    @Test
    void nonOrthogonalVectorsGiveThePencilsRitzValuesLessThePerturbation() {
        double[] d = {3, 2, 1};
        DenseOperator m = DenseOperator.tall(4, d);
        DenseOperator absM = m.absolute();
        for (double c : new double[] {0x1p-7, 0.3, 0.6}) {
            double[][] y = {{1, 0, 0}, {c, 1, 0}};
            Vector[] v = models(m, absM, 1, 1, 3.5, y);
            double g12 = dot(v[0].y(), v[1].y());
            double h11 = dot(v[0].z(), v[0].z());
            double h12 = dot(v[0].z(), v[1].z());
            double h22 = dot(v[1].z(), v[1].z());
            double qa = 1 - g12 * g12;
            double qb = h11 + h22 - 2 * h12 * g12;
            double qc = h11 * h22 - h12 * h12;
            double root = Math.sqrt(qb * qb - 4 * qa * qc);
            double[] mu = {(qb + root) / (2 * qa), (qb - root) / (2 * qa)};
            assertEquals(9, mu[0], 1e-13);
            assertEquals(4, mu[1], 1e-13);
            RitzCertificate.Result r = certify(m, absM, 1, 1, 3.5, y);
            assertEquals(Math.abs(g12), r.orthogonalityDefect(), 1e-16);
            String msg = "c = " + c + ": " + Arrays.toString(r.sigma());
            if (2 * Math.abs(g12) < 1) {
                double[] lo = lower(v, mu, m.rows());
                for (int i = 0; i < 2; i++) {
                    double got = r.sigma()[i].lower();
                    double want = Math.sqrt(lo[i]);
                    assertEquals(want, got, 1e-13 * want, msg + ", sigma_" + (i + 1));
                }
                assertTrue(lo[1] <= Math.max(0, mu[1] - 2 * Math.abs(g12) * mu[0]), msg); // at least η·μ₁ below
            } else {
                assertEquals(Interval.sqrtOf(v[0].rhoLo(), v[0].rhoLo()).lower(), r.sigma()[0].lower(), msg);
                assertEquals(0, r.sigma()[1].lower(), msg);
            }
            assertTrue(r.sigma()[0].contains(3) && r.sigma()[1].contains(2), msg);
        }
    }

    /**
     * The Rayleigh–Ritz values of the pencil {@code (H, G)} as the class computes them: {@code G = LLᵀ} (Cholesky, the
     * pivots clamped at the smallest normal number), {@code C = L⁻¹HL⁻ᵀ} by forward substitutions, symmetrised by
     * averaging, and the eigenvalues of {@code C}. Written out here, operation for operation, so the sweep below can
     * compare to the bit.
     */
    private static double[] pencilValues(double[][] h, double[][] g) {
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
        double[][] lh = new double[k][]; // lh[c] = L⁻¹·(column c of H)
        for (int c = 0; c < k; c++) {
            lh[c] = solveLower(l, h[c]);
        }
        double[][] out = new double[k][];
        for (int r = 0; r < k; r++) {
            double[] row = new double[k];
            for (int i = 0; i < k; i++) {
                row[i] = lh[i][r];
            }
            out[r] = solveLower(l, row);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                out[i][j] = out[j][i] = 0.5 * (out[i][j] + out[j][i]);
            }
        }
        return DenseLinearAlgebra.symmetricEigen(out).values();
    }

    private static double[] solveLower(double[][] l, double[] b) {
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

    /**
     * A seeded sweep over diagonal operators, loose and tight bounds {@code |M|'}, term counts and norm bounds from the
     * true ones up to {@code 10⁸}, and Ritz vectors from exact unit vectors to badly tilted ones (one to three of them,
     * {@code G} near or far from {@code I}): the intervals equal the error model's to the bit. The inflated parameters
     * make each rounding term the largest in some configuration (a vector far from any eigenvector has a residual far
     * above its Rayleigh quotient, so the terms of {@code ε} show in the upper bound), so a changed term shows somewhere.
     */
    @Test
    void aSweepOfOperatorsBoundsAndVectorsFollowsTheErrorModelToTheBit() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5EEDL);
        double[] inflations = {0, 1e-3, 1, 1e6, 1e12};
        int[] counts = {1, 3, 1000, 1_000_000, 100_000_000};
        double[] normInflations = {1e-15, 1, 1e8};
        double[] tilts = {0, 1e-9, 2e-7, 1e-3, 0.1, 1};
        int compared = 0;
        for (int trial = 0; trial < 400; trial++) {
            int n = trial % 10 == 0 ? 600 + rnd.nextInt(100) : 3 + rnd.nextInt(20);
            int rows = n + rnd.nextInt(30);
            double[] d = new double[n];
            double[] a = new double[n];
            double top = 0;
            for (int i = 0; i < n; i++) {
                d[i] = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble(-2, 2);
                a[i] = Math.abs(d[i]) * (1 + inflations[rnd.nextInt(inflations.length)])
                        + (rnd.nextBoolean() ? 0 : rnd.nextDouble());
                top = Math.max(top, Math.abs(d[i]));
            }
            DenseOperator m = DenseOperator.tall(rows, d);
            DenseOperator absM = DenseOperator.tall(rows, a);
            int rowTerms = counts[rnd.nextInt(counts.length)];
            int colTerms = counts[rnd.nextInt(counts.length)];
            double normM = top * (1 + normInflations[rnd.nextInt(normInflations.length)]);
            int k = 1 + rnd.nextInt(Math.min(3, n));
            double[][] y = new double[k][n];
            for (int i = 0; i < k; i++) {
                y[i][(i * 7 + trial) % n] = rnd.nextDouble(0.5, 2);
                double tilt = tilts[rnd.nextInt(tilts.length)];
                for (int j = 0; j < n && tilt > 0; j++) {
                    y[i][j] += tilt * rnd.nextDouble(-1, 1);
                }
            }
            Vector[] v = models(m, absM, rowTerms, colTerms, normM, y);
            double[][] h = new double[k][k];
            double[][] g = new double[k][k];
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    h[p][q] = dot(v[p].z(), v[q].z());
                    g[p][q] = dot(v[p].y(), v[q].y());
                }
            }
            double[] lo = lower(v, pencilValues(h, g), rows);
            double[] up = upper(v);
            RitzCertificate.Result r = certify(m, absM, rowTerms, colTerms, normM, y);
            for (int i = 0; i < k; i++) {
                assertEquals(Interval.sqrtOf(Math.min(lo[i], up[i]), up[i]), r.sigma()[i], "trial " + trial + ", sigma_" + (i + 1));
                compared++;
            }
        }
        assertTrue(compared > 600);
    }
}
